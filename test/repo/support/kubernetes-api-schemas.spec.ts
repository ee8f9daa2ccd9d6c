import { validateAgainstApiSchema } from './kubernetes-api-schemas';

describe('validateAgainstApiSchema', () => {
  const deployment = (containerPort: unknown) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app' },
    spec: {
      selector: { matchLabels: { app: 'app' } },
      template: {
        metadata: { labels: { app: 'app' } },
        spec: { containers: [{ name: 'app', image: 'app', ports: [{ containerPort }] }] },
      },
    },
  });

  it('accepts a valid object and names what is wrong with an invalid one', () => {
    expect(() => validateAgainstApiSchema(deployment(3000))).not.toThrow();
    expect(() => validateAgainstApiSchema(deployment('3000'))).toThrow(
      /containerPort must be integer/,
    );
  });

  it('refuses a kind it has no schema for', () => {
    expect(() =>
      validateAgainstApiSchema({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }),
    ).toThrow('no API schema here for v1 Pod');
  });
});
