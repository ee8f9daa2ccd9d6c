import { asyncApiDocument, CONTRACTS } from '@railyard/contracts';
import { asyncApiPage } from './asyncapi-page';

describe('asyncApiPage', () => {
  const document = asyncApiDocument({ version: '1' });

  it('shows every message of the bus with its payload schema', () => {
    const page = asyncApiPage(document);
    for (const contract of CONTRACTS) expect(page).toContain(`<code>${contract.type}</code>`);
    expect(page).toContain('&quot;maxLength&quot;: 64');
    expect(page).toContain('<h3>Answer</h3>');
  });

  it('escapes what it shows', () => {
    const hostile = {
      ...document,
      info: { title: '<script>x</script>', version: '1', description: '' },
    };
    expect(asyncApiPage(hostile)).not.toContain('<script>');
  });
});
