import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { asyncApiDocument } from '@railyard/contracts';
import { OpenRoute } from '@railyard/platform';
import { asyncApiPage } from './asyncapi-page';

/** Built once: the contracts are fixed for the life of the process. */
const DOCUMENT = asyncApiDocument({ version: '1' });
const PAGE = asyncApiPage(DOCUMENT);

/**
 * The bus's AsyncAPI 3.0 document, generated from @railyard/contracts, beside the HTTP API's
 * OpenAPI document at /docs. Open like /docs: it describes the messages, not anyone's data.
 */
@OpenRoute()
@ApiExcludeController()
@Controller('docs')
export class AsyncApiController {
  @Get('asyncapi.json')
  document() {
    return DOCUMENT;
  }

  @Get('asyncapi')
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return PAGE;
  }
}
