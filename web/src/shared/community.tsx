/** The community the console works in: chosen in the header, persisted in localStorage. */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, asPage, type Page } from './api.ts';

export interface Community {
  id: string;
  code?: string;
  name: string;
  [k: string]: unknown;
}

const KEY = 'pms.community';

interface CommunityCtx {
  communities: Community[];
  communityId: string | null;
  community: Community | null;
  setCommunityId: (id: string) => void;
  isLoading: boolean;
  error: unknown;
}

const Ctx = createContext<CommunityCtx | null>(null);

export function useCommunitiesQuery() {
  return useQuery({
    queryKey: ['communities'],
    queryFn: async () => asPage(await api.get<Community[] | Page<Community>>('/api/v1/communities', { limit: 500 })).items,
  });
}

export function CommunityProvider({ children }: { children: ReactNode }) {
  const q = useCommunitiesQuery();
  const [stored, setStored] = useState<string | null>(() => localStorage.getItem(KEY));
  const communities = useMemo(() => q.data ?? [], [q.data]);
  const communityId = communities.find((c) => c.id === stored)?.id ?? communities[0]?.id ?? null;
  useEffect(() => {
    if (communityId && communityId !== stored) localStorage.setItem(KEY, communityId);
  }, [communityId, stored]);
  const value = useMemo<CommunityCtx>(
    () => ({
      communities,
      communityId,
      community: communities.find((c) => c.id === communityId) ?? null,
      setCommunityId: (id) => {
        localStorage.setItem(KEY, id);
        setStored(id);
      },
      isLoading: q.isLoading,
      error: q.error,
    }),
    [communities, communityId, q.isLoading, q.error],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useCommunity(): CommunityCtx {
  const v = useContext(Ctx);
  if (!v) throw new Error('useCommunity outside CommunityProvider');
  return v;
}
