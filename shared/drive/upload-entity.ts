/**
 * An upload session (single PUT or S3 multipart), kept a day (see ./drive-entity.ts for drive's access patterns).
 *
 *   Upload  PK=DUPLOAD#{id} SK=UPLOAD   userId, driveId, parentId, ancestors[], nodeId, versionId, newNode, name, size,
 *                                       contentType, key, mode, s3UploadId?, partCount?, parts?, createdAt, expiresAt (TTL)
 *
 * | access pattern      | how                                         |
 * |---------------------|---------------------------------------------|
 * | an upload session   | GetItem PK=DUPLOAD#{id} SK=UPLOAD (TTL a day) |
 */
import { CustomAttributeType, Entity, type EntityItem } from 'electrodb';
import type { Raw } from '../data/document';
import { SERVICE, entityConfig } from '../data/electro';
import { E, isKind, itemOf } from './entity-names';

/** Multipart: parts the client reported stored (PUT /drive/uploads/{id}/parts/{n}), by part number. */
export type UploadedParts = Record<string, { etag: string; size: number }>;

export const DriveUploads = new Entity(
  {
    model: { entity: E.upload, version: '1', service: SERVICE },
    attributes: {
      uploadId: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true },
      driveId: { type: 'string', required: true },
      parentId: { type: 'string', required: true },
      ancestors: { type: 'list', items: { type: 'string' }, required: true },
      nodeId: { type: 'string', required: true },
      versionId: { type: 'string', required: true },
      newNode: { type: 'boolean', required: true },
      name: { type: 'string', required: true },
      size: { type: 'number', required: true },
      contentType: { type: 'string', required: true },
      key: { type: 'string', required: true },
      mode: { type: ['single', 'multipart'] as const, required: true },
      s3UploadId: { type: 'string' },
      partCount: { type: 'number' },
      parts: { type: CustomAttributeType<UploadedParts>('any') },
      createdAt: { type: 'string', required: true },
      /** Epoch seconds (TTL). */
      expiresAt: { type: 'number', required: true },
    },
    indexes: {
      byId: {
        pk: { field: 'PK', composite: ['uploadId'], template: 'DUPLOAD#${uploadId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'UPLOAD', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type DriveUploadItem = EntityItem<typeof DriveUploads>;

/** The stored item of a put (a TransactWriteItems Put, seeding tests). */
export const uploadRow = (item: DriveUploadItem): Raw => itemOf(DriveUploads.put(item));

/** A stored row → the upload session, or null when it is absent or another kind of item. */
export const uploadFromRow = (row: Raw | undefined): DriveUploadItem | null =>
  row && isKind(row, E.upload) ? DriveUploads.parse({ Item: row }).data : null;
