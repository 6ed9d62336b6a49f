/** socket.io event names between the realtime gateway and its clients. */
export const WsEvent = {
  vehiclePosition: 'vehicle.position',
  tripList: 'trip-list',
  bookingStatus: 'booking.status',
  eta: 'booking.eta',
  stopEvent: 'stop.event',
  subscribe: 'subscribe',
  error: 'error',
} as const;
export type WsEventName = (typeof WsEvent)[keyof typeof WsEvent];
