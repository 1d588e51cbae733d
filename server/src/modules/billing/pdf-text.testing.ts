import { inflateSync } from 'node:zlib';

/**
 * Test helper: the text of each page of a PDF written by pdfkit (Type0 fonts with a ToUnicode
 * CMap, hex strings in TJ arrays). Enough to assert what a generated notice or letter says.
 */
export function pdfPages(pdf: Buffer): string[] {
  const src = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream: string | null }>();
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const body = m[2];
    const s = body.indexOf('stream');
    if (s < 0) {
      objects.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, s);
    const start = body[s + 6] === '\r' ? s + 8 : s + 7;
    let raw = Buffer.from(body.slice(start, body.lastIndexOf('endstream')), 'latin1');
    if (/\/FlateDecode/.test(dict)) raw = inflateSync(raw);
    objects.set(Number(m[1]), { dict, stream: raw.toString('latin1') });
  }
  const ref = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);
  const cmaps = new Map<number, Map<number, string>>();
  const cmapOf = (fontId: number) => {
    if (cmaps.has(fontId)) return cmaps.get(fontId)!;
    const map = new Map<number, string>();
    const cm = objects.get(ref(objects.get(fontId)!.dict, 'ToUnicode'))?.stream ?? '';
    const rangeRe = /<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi;
    for (let r = rangeRe.exec(cm); r; r = rangeRe.exec(cm)) {
      const start = parseInt(r[1], 16);
      [...r[3].matchAll(/<([^>]*)>/g)].forEach((e, i) => map.set(start + i, String.fromCharCode(...e[1].split(' ').map((h) => parseInt(h, 16)))));
    }
    cmaps.set(fontId, map);
    return map;
  };
  const pages: string[] = [];
  for (const [, o] of objects) {
    if (!/\/Type \/Page\b/.test(o.dict)) continue;
    const res = objects.get(ref(o.dict, 'Resources'))?.dict ?? o.dict;
    const fonts = new Map([...res.matchAll(/\/(F\d+) (\d+) 0 R/g)].map((f) => [f[1], Number(f[2])]));
    const content = objects.get(ref(o.dict, 'Contents'))?.stream ?? '';
    let font = 0;
    let text = '';
    const tok = /\/(F\d+) [\d.]+ Tf|\[((?:<[0-9a-f]*>|[-\d.\s])*)\] TJ|\bET\b/gi;
    for (let t = tok.exec(content); t; t = tok.exec(content)) {
      if (t[1]) font = fonts.get(t[1]) ?? 0;
      else if (t[2] !== undefined) {
        const map = cmapOf(font);
        for (const h of t[2].matchAll(/<([0-9a-f]*)>/gi)) for (let i = 0; i < h[1].length; i += 4) text += map.get(parseInt(h[1].slice(i, i + 4), 16)) ?? '?';
      } else text += '\n';
    }
    pages.push(text);
  }
  return pages;
}
