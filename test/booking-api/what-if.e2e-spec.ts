import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';

describe('booking API: the what-if replay runs in the background', () => {
  let h: BookingApiHarness;
  let op: string;
  const auth = () => ({ Authorization: `Bearer ${op}` });

  beforeAll(async () => {
    h = await startBookingApi();
    op = await h.operatorToken();
  });
  afterAll(() => h.close());

  it('answers at once with a job, keeps serving while it runs, refuses a second at once, and gives both sides when done', async () => {
    const started = await h.http
      .post('/v1/admin/console/what-if')
      .set(auth())
      .send({ seed: 2, fleetSize: 10 })
      .expect(202);
    expect(started.body).toMatchObject({ state: 'running', result: null });
    // The API answers other requests while the day is replayed.
    await h.http.get('/v1/stops?q=kusel').expect(200);
    // One replay per county at a time (once unbounded: eight at once held a stop search for
    // seconds): a second start is a 409 naming the running job.
    const second = await h.http
      .post('/v1/admin/console/what-if')
      .set(auth())
      .send({ seed: 3 })
      .expect(409);
    expect(second.body).toMatchObject({ code: 'what_if_running' });
    expect(second.body.message).toContain(started.body.id);
    let job = started.body;
    let sawProgress = false;
    for (let i = 0; i < 600 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      job = (await h.http.get(`/v1/admin/console/what-if/${job.id}`).set(auth()).expect(200)).body;
      if (job.progress.done > 0 && job.progress.done < job.progress.total) sawProgress = true;
    }
    expect(job.state).toBe('done');
    expect(sawProgress).toBe(true);
    expect(job.result.live.fleetSize).toBeGreaterThan(0);
    expect(job.result.draft.fleetSize).toBe(10);
    for (const side of [job.result.live, job.result.draft]) {
      expect(side.figures.requests).toBe(job.result.requests);
      expect(side.figures.promisesKept).toBe(side.figures.promisesGiven);
    }
  }, 300_000);

  it('says which job is unknown, and refuses an id that is none', async () => {
    await h.http
      .get('/v1/admin/console/what-if/7d3f0c52-3f0e-4c6e-9a55-0d9b6a1f2e11')
      .set(auth())
      .expect(404);
    await h.http.get('/v1/admin/console/what-if/nope').set(auth()).expect(400);
  });
});
