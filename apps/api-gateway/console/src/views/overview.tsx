import { ConsoleOverview, Downstream, ReachableService } from '../api/console-types';

/** Breakers and bulkheads per downstream, then each service's bus, outbox, dead letters, sagas. */
export function Overview({ overview }: { overview?: ConsoleOverview }) {
  if (!overview) return <p>Waiting for the first update…</p>;
  return (
    <section aria-labelledby="overview-title" data-testid="overview">
      <h2 id="overview-title">
        Overview <small>at {new Date(overview.at).toLocaleTimeString()}</small>
      </h2>
      <Downstreams downstreams={overview.gateway.downstreams} />
      <h3>Services</h3>
      {overview.services.map((service) =>
        service.reachable ? (
          <Service key={service.service} service={service} />
        ) : (
          <p
            key={service.service}
            role="alert"
            class="error"
            data-testid={`service-${service.service}`}
          >
            {service.service}: unreachable ({service.error})
          </p>
        ),
      )}
    </section>
  );
}

function Downstreams({ downstreams }: { downstreams: Downstream[] }) {
  return (
    <table data-testid="downstreams">
      <caption>Gateway downstreams</caption>
      <thead>
        <tr>
          <th scope="col">Downstream</th>
          <th scope="col">Breaker</th>
          <th scope="col">Bulkhead active / capacity</th>
          <th scope="col">Queued / queue capacity</th>
        </tr>
      </thead>
      <tbody>
        {downstreams.map(({ name, breaker, bulkhead }) => (
          <tr key={name} data-testid={`downstream-${name}`}>
            <th scope="row">{name}</th>
            <td class={`breaker ${breaker}`}>{breaker}</td>
            <td>
              {bulkhead.active} / {bulkhead.capacity}
            </td>
            <td>
              {bulkhead.queued} / {bulkhead.queueCapacity}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Service({ service }: { service: ReachableService }) {
  const { outbox } = service;
  return (
    <article class="service" data-testid={`service-${service.service}`}>
      <h4>
        {service.service}{' '}
        <small>
          ({service.transport}, {service.instance})
        </small>
      </h4>
      <dl>
        <dt>Dead letters</dt>
        <dd data-testid={`dead-letter-count-${service.service}`}>
          {service.deadLetters ?? 'counting…'}
        </dd>
        {outbox && (
          <>
            <dt>Outbox</dt>
            <dd data-testid={`outbox-${service.service}`}>
              {outbox.pending} pending, {outbox.retrying} retrying, {outbox.parked} parked
              {outbox.oldestUnsentAgeMs !== null &&
                `, oldest ${Math.round(outbox.oldestUnsentAgeMs / 1000)} s`}
            </dd>
          </>
        )}
        {service.sagas && (
          <>
            <dt>Sagas</dt>
            <dd data-testid={`saga-counts-${service.service}`}>
              {Object.entries(service.sagas)
                .map(([status, n]) => `${status} ${n}`)
                .join(', ')}
            </dd>
          </>
        )}
      </dl>
      <table class="counters">
        <caption>Bus counters</caption>
        <tbody>
          {Object.entries(service.bus).map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
