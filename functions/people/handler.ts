import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import { setActive, setRole } from './admin-service';
import { completePhotoUpload, photoUrl, startPhotoUpload } from './photo-service';
import { listNewest } from './newcomers-service';
import { getMyProfile, getPerson, listPeople, updateMyProfile } from './profile-service';
import { peopleFeature } from './routes';

export const handler = createFeatureHandler(peopleFeature, {
  http: {
    getMyProfile: ({ user }) => getMyProfile(user),
    updateMyProfile: ({ user, body }) => updateMyProfile(user, body),
    startPhotoUpload: ({ user, body }) => startPhotoUpload(user, body),
    completePhotoUpload: ({ user, body, logger }) => completePhotoUpload(user, body.uploadId, logger),
    getPhoto: ({ user, params, query }) => photoUrl(user, params.userId, query.size ?? 'thumb'),
    listPeople: ({ query }) => listPeople(query),
    listNewest: ({ query }) => listNewest(query),
    getPerson: ({ user, params }) => getPerson(user, params.userId),
    setRole: ({ user, params, body }) => setRole(user, params.userId, body.role),
    deactivate: ({ user, params }) => setActive(user, params.userId, false),
    activate: ({ user, params }) => setActive(user, params.userId, true),
  },
});
