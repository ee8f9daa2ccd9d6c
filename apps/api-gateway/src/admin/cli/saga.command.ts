import { CliOutput, runAdminCommand } from './admin-command';
import { parseSagaArgs, SAGA_USAGE, SagaArgs } from './saga-args';
import { SagaGatewayClient } from './saga-gateway.client';
import { sagaStanding, sagaTable, sagaText } from './saga-text';

/** `saga <list|show|retry|abort> …`; resolves to the exit code (0 ok, 1 failed, 2 bad usage). */
export function runSaga(
  argv: string[],
  output: CliOutput,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  return runAdminCommand('saga', SAGA_USAGE, parseSagaArgs(argv, env), output, (args) =>
    run(args, new SagaGatewayClient(args.gateway, args.service, args.token), output),
  );
}

async function run(args: SagaArgs, client: SagaGatewayClient, output: CliOutput): Promise<void> {
  const print = (value: unknown, text: () => string) =>
    output.out(args.json ? JSON.stringify(value, null, 2) : text());
  switch (args.command) {
    case 'list': {
      const page = await client.list(args);
      print(page, () => {
        if (page.entries.length === 0) return `no sagas in ${args.service} match`;
        const more = page.next ? `\nmore: --after ${page.next}` : '';
        return `${sagaTable(page.entries)}${more}`;
      });
      return;
    }
    case 'show': {
      const saga = await client.show(args.id!);
      print(saga, () => sagaText(saga));
      return;
    }
    case 'retry':
    case 'abort': {
      const saga = await client.act(args.command, args.id!, args.reason);
      const done = args.command === 'retry' ? 'retried' : 'aborted';
      print(saga, () => `${done} saga ${saga.id}: now ${sagaStanding(saga)}\n\n${sagaText(saga)}`);
      return;
    }
  }
}
