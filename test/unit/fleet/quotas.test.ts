import * as fs from 'node:fs';
import * as path from 'node:path';
import { footprintOf } from '../../../infra/fleet/quotas';
import { tempDir } from './fleet-fixtures';

describe('a tenant footprint', () => {
  it('counts the stack and its nested stacks, reserved and unreserved functions apart', () => {
    const dir = tempDir();
    const write = (file: string, Resources: object) =>
      fs.writeFileSync(path.join(dir, file), JSON.stringify({ Resources }));
    write('Portal-acme.template.json', {
      Site: { Type: 'AWS::CloudFront::Distribution' },
      Users: { Type: 'AWS::Cognito::UserPool' },
      Live: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'WEBSOCKET' } },
      Crm: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 10 } },
      Trigger: { Type: 'AWS::Lambda::Function', Properties: {} },
    });
    write('PortalacmeHttpRoutes1234.nested.template.json', {
      Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } },
      Tasks: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 10 } },
    });
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{}');

    expect(footprintOf(dir)).toEqual({
      distributions: 1,
      userPools: 1,
      httpApis: 1,
      webSocketApis: 1,
      functions: 3,
      reservedConcurrency: 20,
      unreservedFunctions: 1,
    });
  });

  it('is unknown without a synthesized template', () => {
    expect(footprintOf(path.join(tempDir(), 'missing'))).toBeUndefined();
    expect(footprintOf(tempDir())).toBeUndefined();
  });
});
