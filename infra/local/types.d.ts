/** s3rver ships no type declarations: the part the local stack uses. */
declare module 's3rver' {
  import type { Server } from 'node:http';
  interface S3rverOptions {
    port?: number;
    address?: string;
    silent?: boolean;
    directory: string;
    resetOnClose?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    /** Resolves with the address; the server itself is `httpServer`. */
    run(): Promise<import('node:net').AddressInfo>;
    httpServer?: Server;
    close(): Promise<void>;
  }
}
