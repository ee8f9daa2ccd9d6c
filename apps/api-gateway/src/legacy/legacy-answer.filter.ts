import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { writeAnswer, ProxyResponse } from './answer-writer';
import { LegacyServerError } from './legacy-answer';

/** The legacy application's own 5xx, once retries are spent, reaches the client unchanged. */
@Catch(LegacyServerError)
export class LegacyAnswerFilter implements ExceptionFilter<LegacyServerError> {
  catch(error: LegacyServerError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const { method } = http.getRequest<{ method: string }>();
    writeAnswer(http.getResponse<ProxyResponse>(), error.answer, method);
  }
}
