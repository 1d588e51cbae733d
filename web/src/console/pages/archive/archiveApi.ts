/** Archive API hooks (persons, room archive, borrowing, access log, checks). Values arrive masked. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';

export interface Person {
  id: string;
  communityId: string | null;
  name: string;
  gender: string;
  phoneMasked: string | null;
  phones: PersonPhone[];
  idNumberMasked: string | null;
  nativePlace: string | null;
  hukouLocation: string | null;
}
export type PhoneLabel = 'self' | 'family' | 'work' | 'other';
export interface PersonPhone {
  id: string;
  label: PhoneLabel;
  primary: boolean;
  phoneMasked: string;
}
export interface LinkView {
  kind: 'complaint' | 'work_order' | 'request';
  refId: string;
  label: string;
  status: string | null;
  found: boolean;
}
export type EventStatus = 'draft' | 'submitted' | 'filed' | 'returned';
export const EVENT_KINDS = ['major_complaint', 'liability_accident', 'legal_matter', 'quality_problem', 'contract_promise'] as const;
export interface ImportantEvent {
  id: string;
  communityId: string;
  kind: (typeof EVENT_KINDS)[number];
  title: string;
  description: string;
  roomId: string | null;
  roomCode: string | null;
  personId: string | null;
  personName: string | null;
  occurredOn: string;
  links: LinkView[];
  status: EventStatus;
  createdByName: string | null;
  reviewerName: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  updatedAt: string;
}
export interface KeyProfile {
  id: string;
  personId: string;
  personName?: string;
  birthday: string | null;
  character: string;
  preferences: string;
  skills: string;
  specialNeeds: string;
  opinions: string;
  links: LinkView[];
  updatedAt: string;
}
export interface PersonDetail extends Person {
  access: 'permission' | 'borrowing';
  occupancies: Array<{ id: string; roomId: string; roomCode: string; archiveCode: string; relation: string; startedOn: string; endedOn: string | null; endReason: string | null }>;
}
export interface ArchiveRoom {
  id: string;
  code: string;
  archiveCode: string;
  status: string;
}
export interface PackageItem {
  itemId: string;
  code: string;
  nameZh: string;
  nameEn: string;
  required: boolean;
  collected: boolean;
  fileIds: string[];
  receivedOn: string | null;
}
export interface RoomArchive {
  room: ArchiveRoom & { communityId: string };
  access: string;
  occupancies: Array<{ id: string; relation: string; startedOn: string; endedOn: string | null; endReason: string | null; current: boolean; person: Person }>;
  packages: Array<{ id: string; kind: string; openedOn: string; items: PackageItem[]; missing: string[] }>;
  events: Array<{ id: string; kind: string; title: string; occurredOn: string }>;
  checks: Array<{ auditId: string; result: string; findings: string; checkedAt: string | null }>;
}
export interface Borrowing {
  id: string;
  communityId: string;
  requesterName: string;
  purpose: string;
  scope: 'community' | 'records';
  roomIds: string[];
  personIds: string[];
  validFrom: string;
  validTo: string;
  external: boolean;
  externalParty: string | null;
  status: string;
  active: boolean;
  approvalText: string | null;
}
export interface AccessEntry {
  id: number;
  at: string;
  actorName: string;
  action: string;
  personId: string | null;
  roomId: string | null;
  field: string | null;
  reason: string | null;
}

export const useArchiveRooms = (communityId: string | null, archiveCode: string) =>
  useQuery({ queryKey: ['archive-rooms', communityId, archiveCode], enabled: !!communityId, queryFn: () => api.get<{ items: ArchiveRoom[] }>(`/api/v1/communities/${communityId}/archive/rooms`, { archiveCode }) });
export const useRoomArchive = (roomId: string | null) =>
  useQuery({ queryKey: ['room-archive', roomId], enabled: !!roomId, retry: false, queryFn: () => api.get<RoomArchive>(`/api/v1/rooms/${roomId}/archive`) });
export const usePersons = (communityId: string | null, q: string) =>
  useQuery({ queryKey: ['persons', communityId, q], enabled: !!communityId, queryFn: () => api.get<{ items: Person[] }>(`/api/v1/communities/${communityId}/persons`, { q, limit: 200 }) });
export const usePerson = (id: string | null) =>
  useQuery({ queryKey: ['person', id], enabled: !!id, retry: false, queryFn: () => api.get<PersonDetail>(`/api/v1/persons/${id}`) });
export const useMissing = (communityId: string | null) =>
  useQuery({ queryKey: ['archive-missing', communityId], enabled: !!communityId, queryFn: () => api.get<{ items: Array<{ roomId: string; roomCode: string; archiveCode: string; missingItems: number; failedFindings: string | null }> }>(`/api/v1/communities/${communityId}/archive/missing`) });
export const useBorrowing = (communityId: string | null) =>
  useQuery({ queryKey: ['borrowing', communityId], enabled: !!communityId, queryFn: () => api.get<{ items: Borrowing[] }>('/api/v1/borrowing-requests', { communityId }) });
export const useEvents = (communityId: string | null, status?: EventStatus) =>
  useQuery({ queryKey: ['archive-events', communityId, status], enabled: !!communityId, queryFn: () => api.get<{ items: ImportantEvent[] }>(`/api/v1/communities/${communityId}/archive/events`, { status }) });
export const useKeyProfiles = (communityId: string | null) =>
  useQuery({ queryKey: ['key-profiles', communityId], enabled: !!communityId, queryFn: () => api.get<{ items: KeyProfile[] }>(`/api/v1/communities/${communityId}/archive/key-profiles`) });
export const useKeyProfile = (personId: string | null) =>
  useQuery({ queryKey: ['key-profile', personId], enabled: !!personId, retry: false, queryFn: () => api.get<{ profile: KeyProfile | null }>(`/api/v1/persons/${personId}/key-profile`) });
