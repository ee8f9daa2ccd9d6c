import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { GatewayConfig } from '../../config/gateway.config';
import { ConsoleOverviewReader } from './console-overview.reader';
import { ConsoleSagasReader } from './console-sagas.reader';
import {
  CONSOLE_STREAM_OPTIONS,
  CONSOLE_STREAM_SOURCES,
  ConsoleStreamOptions,
  ConsoleStreamSource,
} from './console-stream.options';
import { ConsoleStreamHub } from './console-stream.hub';
import { ConsoleHttpController } from './console.http.controller';

/** Heartbeat comments on every open stream, whatever the poll interval. */
const HEARTBEAT_MS = 15_000;

/** /admin/overview and /admin/stream: the console's live view of the gateway and the services. */
@Module({
  controllers: [ConsoleHttpController],
  providers: [
    ConsoleOverviewReader,
    ConsoleSagasReader,
    ConsoleStreamHub,
    {
      provide: CONSOLE_STREAM_OPTIONS,
      inject: [ConfigService],
      useFactory: (config: ConfigService<GatewayConfig, true>): ConsoleStreamOptions => ({
        intervalMs: config.get('CONSOLE_STREAM_INTERVAL_MS'),
        maxClients: config.get('CONSOLE_STREAM_MAX_CLIENTS'),
        heartbeatMs: HEARTBEAT_MS,
      }),
    },
    {
      provide: CONSOLE_STREAM_SOURCES,
      inject: [ConsoleOverviewReader, ConsoleSagasReader],
      useFactory: (
        overview: ConsoleOverviewReader,
        sagas: ConsoleSagasReader,
      ): ConsoleStreamSource[] => [
        { event: 'overview', read: () => overview.read() },
        { event: 'sagas', read: () => sagas.read() },
      ],
    },
  ],
})
export class ConsoleModule {}
