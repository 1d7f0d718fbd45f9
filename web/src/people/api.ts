/** Server state of the people pages: my profile, the directory, and the photo upload (with progress). */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DirectoryEntry, ProfileView } from '../../../shared/people/profile-view';
import type { ApiClient } from '../../../shared/api/client';
import { ApiError } from '../api/client';
import { useApi, useSession } from '../services';

export type { DirectoryEntry };

/** My profile as the API answers it. */
export type Profile = ProfileView;

export interface ProfileInput {
  firstName: string;
  lastName: string;
  position: string;
  phone: string;
}

export type SearchBy = 'first' | 'last';

export const peopleKeys = {
  me: (sub: string) => ['people', 'me', sub] as const,
  photo: (userId: string, size: 'thumb' | 'full') => ['people', 'photo', userId, size] as const,
  directory: (q: string, by: SearchBy) => ['people', 'directory', by, q] as const,
};

const mySub = (s: ReturnType<typeof useSession>) => (s.status === 'signedIn' ? s.user.sub : '');

export function useMyProfile() {
  const api = useApi();
  const sub = mySub(useSession());
  return useQuery({
    queryKey: peopleKeys.me(sub),
    queryFn: ({ signal }) => api.people.getMyProfile({ signal }),
    enabled: sub !== '',
    meta: { errorKey: 'people.profile.loadError' },
  });
}

/** The server's current profile inside a 409, if that is what the error is. */
export function conflictCurrent(e: unknown): Profile | undefined {
  if (!(e instanceof ApiError) || e.status !== 409) return undefined;
  const cur = (e.body as { current?: Profile } | undefined)?.current;
  return cur && typeof cur.version === 'number' ? cur : undefined;
}

/** Saves; a 409 is not an error here but a result carrying the saved version (the form shows it). */
export function useSaveProfile() {
  const api = useApi();
  const qc = useQueryClient();
  const sub = mySub(useSession());
  return useMutation({
    mutationFn: async ({
      input,
      version,
    }: {
      input: ProfileInput;
      version: number;
    }): Promise<{ saved: Profile } | { conflict: Profile }> => {
      try {
        return { saved: await api.people.updateMyProfile({ body: { ...input, version } }) };
      } catch (e) {
        const current = conflictCurrent(e);
        if (current) return { conflict: current };
        throw e;
      }
    },
    onSuccess: (r) => {
      if ('conflict' in r) return;
      qc.setQueryData(peopleKeys.me(sub), r.saved);
      void qc.invalidateQueries({ queryKey: ['people', 'directory'] });
      void qc.invalidateQueries({ queryKey: ['me', sub] }); // the header shows the name
      void qc.invalidateQueries({ queryKey: ['people', 'new'] });
    },
    meta: { errorKey: 'people.profile.saveError' },
  });
}

/** A presigned URL of a person's photo (valid 5 min: refreshed before that). */
export function usePhotoUrl(userId: string, size: 'thumb' | 'full', enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: peopleKeys.photo(userId, size),
    queryFn: ({ signal }) => api.people.getPhoto({ params: { userId }, query: { size }, signal }),
    enabled: enabled && userId !== '',
    staleTime: 4 * 60_000,
    refetchInterval: 4 * 60_000,
  });
}

export const PAGE_SIZE = 20;

export function useDirectory(q: string, by: SearchBy) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: peopleKeys.directory(q, by),
    queryFn: ({ pageParam, signal }) => {
      return api.people.listPeople({ query: { limit: PAGE_SIZE, by, q, cursor: pageParam }, signal });
    },
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.cursor ?? undefined,
    // thumbnail URLs inside the pages expire after 5 minutes
    staleTime: 4 * 60_000,
    meta: { errorKey: 'people.directory.loadError' },
  });
}

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** PUT with upload progress: fetch cannot report it, XMLHttpRequest can. */
function putWithProgress(
  url: string,
  file: Blob,
  contentType: string,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('content-type', contentType);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new ApiError(xhr.status, `HTTP_${xhr.status}`, xhr.statusText || 'Upload failed'));
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'Upload failed'));
    xhr.send(file);
  });
}

export async function uploadPhoto(api: ApiClient, file: File, onProgress: (fraction: number) => void) {
  const start = await api.people.startPhotoUpload({
    body: { contentType: file.type as (typeof PHOTO_TYPES)[number], size: file.size },
  });
  await putWithProgress(start.url, file, file.type, onProgress);
  return api.people.completePhotoUpload({ body: { uploadId: start.uploadId } });
}

export function useUploadPhoto(onProgress: (fraction: number) => void) {
  const api = useApi();
  const qc = useQueryClient();
  const sub = mySub(useSession());
  return useMutation({
    mutationFn: (file: File) => uploadPhoto(api, file, onProgress),
    onSuccess: (r) => {
      qc.setQueryData<Profile>(peopleKeys.me(sub), (old) => (old ? { ...old, hasPhoto: true } : old));
      if (r.thumbnailUrl) qc.setQueryData(peopleKeys.photo(sub, 'thumb'), { url: r.thumbnailUrl });
      else void qc.invalidateQueries({ queryKey: peopleKeys.photo(sub, 'thumb') });
      void qc.invalidateQueries({ queryKey: ['people', 'directory'] });
      void qc.invalidateQueries({ queryKey: ['me', sub] }); // the header shows the photo
      void qc.invalidateQueries({ queryKey: ['people', 'new'] });
    },
  });
}

export function initialsOf(firstName: string, lastName: string, email = ''): string {
  const s = `${firstName.trim().charAt(0)}${lastName.trim().charAt(0)}`;
  return (s || email.charAt(0) || '?').toUpperCase();
}
