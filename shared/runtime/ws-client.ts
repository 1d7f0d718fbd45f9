import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';

let client: ApiGatewayManagementApiClient | undefined;
let clientEndpoint: string | undefined;

/**
 * The `@connections` management endpoint. In the cloud it is `https://{domain}/{stage}` (set by CDK as
 * WS_MANAGEMENT_ENDPOINT); locally the gateway serves the same API on its own port.
 */
export function managementClient(endpoint = process.env.WS_MANAGEMENT_ENDPOINT): ApiGatewayManagementApiClient {
  if (!endpoint) throw new Error('WS_MANAGEMENT_ENDPOINT is not set');
  if (!client || clientEndpoint !== endpoint) {
    client = new ApiGatewayManagementApiClient({ endpoint, ...(process.env.AWS_REGION ? {} : { region: 'us-east-1' }) });
    clientEndpoint = endpoint;
  }
  return client;
}

/** Sends one JSON frame; returns false when the connection is gone (the caller forgets it). */
export async function postToConnection(connectionId: string, data: unknown, endpoint?: string): Promise<boolean> {
  try {
    await managementClient(endpoint).send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(JSON.stringify(data)) }),
    );
    return true;
  } catch (e) {
    if (e instanceof GoneException || (e as { name?: string }).name === 'GoneException') return false;
    throw e;
  }
}

export async function closeConnection(connectionId: string, endpoint?: string): Promise<void> {
  try {
    await managementClient(endpoint).send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
  } catch (e) {
    if ((e as { name?: string }).name !== 'GoneException') throw e;
  }
}
