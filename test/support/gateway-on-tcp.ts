import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MessagingModule, messagingOptionsFromEnv, TcpPeer } from '@railyard/messaging';
import { ResilienceModule, ResilienceSettings } from '@railyard/resilience';
import { AuthModule } from '../../apps/api-gateway/src/auth/auth.module';
import { configureHttp } from '../../apps/api-gateway/src/http/configure-http';
import { gatewaySecret } from './gateway-tokens';

/**
 * The gateway's HTTP modules as an app on a free port, over a real TCP bus to `peers`, with one
 * resilience policy per downstream, and the gateway's authentication (gateway-http sends an
 * admin's token by default): what the gateway's HTTP int-specs run against.
 */
export async function gatewayOnTcp(
  dataDir: string,
  peers: TcpPeer[],
  downstreams: Record<string, ResilienceSettings>,
  modules: unknown[],
): Promise<{ gateway: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      MessagingModule.forRootAsync({
        useFactory: () => {
          const options = messagingOptionsFromEnv('gateway', {
            TRANSPORT: 'tcp',
            DATA_DIR: dataDir,
          });
          return { options: { ...options, tcp: { ...options.tcp, port: undefined, peers } } };
        },
      }),
      ResilienceModule.forRoot({ downstreams }),
      AuthModule.forRoot({ required: true, secret: gatewaySecret() }),
      ...(modules as never[]),
    ],
  }).compile();
  const gateway = moduleRef.createNestApplication({ logger: ['error'] });
  configureHttp(gateway);
  await gateway.listen(0, '127.0.0.1');
  return { gateway, url: await gateway.getUrl() };
}
