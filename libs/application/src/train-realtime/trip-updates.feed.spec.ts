import { transit_realtime as rt } from 'gtfs-realtime-bindings';
import { decodeTripUpdates, TripUpdatesFeedError } from './trip-updates.feed';

const encode = (m: rt.IFeedMessage) => rt.FeedMessage.encode(m).finish();
const header = { gtfsRealtimeVersion: '2.0', timestamp: 1_764_600_000 };

describe('reading a GTFS-Realtime TripUpdates feed', () => {
  it('reads delays, predicted times, cancelled trips and skipped stops', () => {
    const bytes = encode({
      header,
      entity: [
        {
          id: 'late',
          tripUpdate: {
            trip: { tripId: 'weekday-kus-0835', startDate: '20261201' },
            stopTimeUpdate: [
              { stopSequence: 4, stopId: '8003481:1', arrival: { delay: 720 } },
              { stopSequence: 5, departure: { time: 1_764_601_000 } },
              {
                stopSequence: 6,
                scheduleRelationship: rt.TripUpdate.StopTimeUpdate.ScheduleRelationship.SKIPPED,
              },
            ],
          },
        },
        {
          id: 'gone',
          tripUpdate: {
            trip: {
              tripId: 'weekday-kl-2020',
              startDate: '20261201',
              scheduleRelationship: rt.TripDescriptor.ScheduleRelationship.CANCELED,
            },
          },
        },
        { id: 'alert', alert: { headerText: { translation: [{ text: 'Bauarbeiten' }] } } },
      ],
    });
    expect(decodeTripUpdates(bytes)).toEqual([
      {
        tripId: 'weekday-kus-0835',
        serviceDate: '2026-12-01',
        cancelled: false,
        delayS: null,
        stops: [
          {
            stopSequence: 4,
            stopId: '8003481:1',
            arrival: { delayS: 720, timeS: null },
            departure: null,
            relationship: 'scheduled',
          },
          {
            stopSequence: 5,
            stopId: null,
            arrival: null,
            departure: { delayS: null, timeS: 1_764_601_000 },
            relationship: 'scheduled',
          },
          {
            stopSequence: 6,
            stopId: null,
            arrival: null,
            departure: null,
            relationship: 'skipped',
          },
        ],
      },
      {
        tripId: 'weekday-kl-2020',
        serviceDate: '2026-12-01',
        cancelled: true,
        delayS: null,
        stops: [],
      },
    ]);
  });

  it('takes a missing start date as unknown, not as a date', () => {
    const bytes = encode({ header, entity: [{ id: '1', tripUpdate: { trip: { tripId: 'x' } } }] });
    expect(decodeTripUpdates(bytes)[0].serviceDate).toBeNull();
  });

  it.each([
    ['an HTML error page', Buffer.from('<html>Wartungsarbeiten</html>')],
    ['nothing', Buffer.alloc(0)],
    ['random bytes', Buffer.from([0xff, 0x00, 0x13, 0x37, 0x42])],
  ])('refuses %s', (_, bytes) =>
    expect(() => decodeTripUpdates(bytes)).toThrow(TripUpdatesFeedError),
  );
});
