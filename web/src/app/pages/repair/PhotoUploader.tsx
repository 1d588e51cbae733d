/** Photos on a phone (camera or album), each uploaded to /api/v1/files as soon as it is picked. */
import { ImageUploader, type ImageUploadItem } from 'antd-mobile';
import { uploadFile } from '../../../shared/workorders/api.ts';

export function PhotoUploader({ communityId, max, value, onChange, testId }: { communityId: string; max: number; value: ImageUploadItem[]; onChange: (v: ImageUploadItem[]) => void; testId: string }) {
  return (
    <div data-testid={testId}>
      <ImageUploader
        value={value}
        onChange={onChange}
        maxCount={max}
        upload={async (file) => {
          const id = await uploadFile(communityId, file, file.name);
          return { url: `/api/v1/files/${id}`, extra: { id } };
        }}
      />
    </div>
  );
}

export const uploadedIds = (items: ImageUploadItem[]) => items.map((i) => (i.extra as { id: string } | undefined)?.id).filter((x): x is string => !!x);
