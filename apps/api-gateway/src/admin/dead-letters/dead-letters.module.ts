import { Module } from '@nestjs/common';
import { DeadLettersHttpController } from './dead-letters.http.controller';

/** /admin/dead-letters/:service: list, show, replay and discard a service's dead letters. */
@Module({ controllers: [DeadLettersHttpController] })
export class DeadLettersModule {}
