import type { QuotaView } from '../../shared/drive/contract';
import { createFeatureHandler, reply } from '../../shared/runtime/feature-handler';
import { createDocument, getDocument, saveDocument } from './document-service';
import {
  abortUpload,
  completeUpload,
  reportPart,
  copyNode,
  download,
  getUpload,
  listVersions,
  restoreVersion,
  startUpload,
  thumbnail,
} from './file-service';
import {
  createFolder,
  listChildren,
  listDrives,
  listTrash,
  moveNode,
  nodeDetail,
  renameNode,
  restoreNode,
  searchDrive,
  sharedWithMe,
  trashNode,
} from './node-service';
import { emptyTrash, purgeExpired, purgeOne } from './purge-service';
import { sharedRecently } from './recent-shares-service';
import { driveFeature } from './routes';
import { shareEvents } from './share-events';
import {
  createLink,
  listLinks,
  listShares,
  publicChildren,
  publicDownload,
  publicOpen,
  putShare,
  removeShare,
  revokeLink,
} from './share-service';
import { driveLimits, usedBytes } from './store';

export const handler = createFeatureHandler(driveFeature, {
  http: {
    drives: ({ user }) => listDrives(user),
    quota: async ({ user }): Promise<QuotaView> => {
      const [limits, used] = await Promise.all([driveLimits(), usedBytes(user.sub)]);
      return { usedBytes: used, quotaBytes: limits.quotaBytes, maxFileBytes: limits.maxFileBytes };
    },
    node: ({ user, params }) => nodeDetail(user, params.nodeId),
    children: ({ user, params, query }) => listChildren(user, params.nodeId, query),
    createFolder: async ({ user, body }) => reply(201, await createFolder(user, body)),
    rename: ({ user, params, body }) => renameNode(user, params.nodeId, body),
    move: ({ user, params, body }) => moveNode(user, params.nodeId, body),
    copy: async ({ user, params, body }) => reply(201, await copyNode(user, params.nodeId, body)),
    trash: ({ user, params, query }) => trashNode(user, params.nodeId, query.version),
    restore: ({ user, params }) => restoreNode(user, params.nodeId),
    listTrash: ({ user, query }) => listTrash(user, query),
    purgeOne: async ({ user, params }) => {
      await purgeOne(user, params.nodeId);
      return reply(204);
    },
    emptyTrash: ({ user, query }) => emptyTrash(user, query.driveId),
    search: ({ user, query }) => searchDrive(user, query),
    sharedWithMe: ({ user, query }) => sharedWithMe(user, query),
    sharedRecently: ({ user, query }) => sharedRecently(user, query),
    download: ({ user, params, query }) => download(user, params.nodeId, query),
    thumbnail: ({ user, params }) => thumbnail(user, params.nodeId),
    versions: ({ user, params, query }) => listVersions(user, params.nodeId, query),
    restoreVersion: ({ user, params }) => restoreVersion(user, params.nodeId, params.versionId),
    startUpload: async ({ user, body }) => reply(201, await startUpload(user, body)),
    getUpload: ({ user, params }) => getUpload(user, params.uploadId),
    reportPart: async ({ user, params, body }) => {
      await reportPart(user, params.uploadId, params.partNumber, body.etag);
      return reply(204);
    },
    completeUpload: ({ user, params, body }) => completeUpload(user, params.uploadId, body),
    abortUpload: async ({ user, params }) => {
      await abortUpload(user, params.uploadId);
      return reply(204);
    },
    createDocument: async ({ user, body }) => reply(201, await createDocument(user, body)),
    getDocument: ({ user, params, query }) => getDocument(user, params.nodeId, query.versionId),
    saveDocument: ({ user, params, body }) => saveDocument(user, params.nodeId, body),
    shares: ({ user, params }) => listShares(user, params.nodeId),
    putShare: ({ user, params, body }) => putShare(user, params.nodeId, body),
    removeShare: ({ user, params }) => removeShare(user, params.nodeId, params.principalType, params.principalId),
    links: ({ user, params }) => listLinks(user, params.nodeId),
    createLink: async ({ user, params, body }) => reply(201, await createLink(user, params.nodeId, body)),
    revokeLink: async ({ user, params }) => {
      await revokeLink(user, params.nodeId, params.linkId);
      return reply(204);
    },
    publicOpen: ({ params, body, event }) => publicOpen(params.token, body, event),
    publicChildren: ({ params, body, event }) => publicChildren(params.token, body, event),
    publicDownload: ({ params, body, event }) => publicDownload(params.token, body, event),
  },
  streams: {
    shareEvents: (changes) => shareEvents(changes),
  },
  schedules: {
    purgeTrash: async (ctx) => {
      await purgeExpired(ctx);
    },
  },
});
