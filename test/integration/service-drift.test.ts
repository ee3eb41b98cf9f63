import type { DriftReport } from '../../src/detectors/types';
import { describeKafka, testBrokers, uniqueTopic } from '../support/kafka';
import { findFreePort, startServiceProcess, writeServiceConfig } from '../support/service-process';
import { createTestKafka, createTopics, produceAll, readTopics } from '../support/topics';
import { readWeather, SEATTLE_PROFILE, shuffleSeeded } from '../support/weather';

const WINDOW_SIZE = 365;

describeKafka('driftwatch run on a stream that shifts half way', () => {
  it('reports drift for the New York windows and none for the Seattle ones', async () => {
    const brokers = testBrokers();
    const kafka = createTestKafka(brokers);
    const topics = {
      input: uniqueTopic('weather-in'),
      output: uniqueTopic('weather-out'),
      events: uniqueTopic('drift'),
    };
    await createTopics(kafka, { [topics.input]: 1 });

    // Seattle's own rows in random order (drawn from the reference), then New York's in date order.
    const { seattle, newYork } = await readWeather();
    const seattleStream = shuffleSeeded(seattle, 11).slice(0, 4 * WINDOW_SIZE);
    const newYorkStream = newYork.slice(0, 4 * WINDOW_SIZE);
    await produceAll(
      kafka,
      topics.input,
      [...seattleStream, ...newYorkStream].map((record) => ({
        key: String(record.location),
        value: JSON.stringify(record),
      })),
    );

    const httpPort = await findFreePort();
    const configFile = writeServiceConfig({
      brokers,
      httpPort,
      pipelines: {
        weather: [
          'id: weather',
          `input: { topic: ${topics.input}, groupId: ${uniqueTopic('weather-group')} }`,
          `output: { topic: ${topics.output} }`,
          `driftEvents: { topic: ${topics.events} }`,
          'features: [{ name: temp_max }, { name: temp_min }, { name: precipitation }, { name: wind }]',
          'target: { name: weather }',
          `window: { type: count, size: ${WINDOW_SIZE} }`,
          `reference: { source: profile, path: ${JSON.stringify(SEATTLE_PROFILE)} }`,
          '',
        ].join('\n'),
      },
    });
    const service = await startServiceProcess(configFile, httpPort);

    let reports: DriftReport[] = [];
    try {
      const events = await readTopics(kafka, [topics.events], {
        isDone: (read) => read.length >= 8,
        timeoutMs: 60_000,
      });
      reports = events.map((event) => JSON.parse(event.value) as DriftReport);

      const latest = (await (await fetch(`http://127.0.0.1:${httpPort}/drift`)).json()) as Record<
        string,
        DriftReport
      >;
      expect(latest.weather.window?.recordCount).toBe(WINDOW_SIZE);
    } finally {
      expect(await service.stop('SIGTERM')).toBe(0);
    }

    expect(reports).toHaveLength(8);
    for (const report of reports.slice(0, 4)) {
      expect(report.features.filter((feature) => feature.drifted).map((feature) => feature.name)).toEqual([]);
      expect(report.dataset.drifted).toBe(false);
    }
    for (const report of reports.slice(4)) {
      const drifted = report.features.filter((feature) => feature.drifted).map((feature) => feature.name);
      expect(drifted).toEqual(expect.arrayContaining(['temp_min']));
      expect(report.dataset.drifted).toBe(true);
      expect(report.pipeline).toBe('weather');
    }
  }, 120_000);
});
