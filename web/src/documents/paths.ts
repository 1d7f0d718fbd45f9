/** URLs the document pages link to (the drive browser's folder page is drive-web's; its shape is agreed in notes). */
export const documentPath = (nodeId: string) => `/drive/documents/${encodeURIComponent(nodeId)}`;

export const driveFolderPath = (folderId: string | null) =>
  folderId ? `/drive?folder=${encodeURIComponent(folderId)}` : '/drive';
