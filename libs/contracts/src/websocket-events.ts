/** socket.io event names between the realtime gateway and its clients. */
export const WsEvent = {
  vehiclePosition: 'vehicle.position',
  tripList: 'trip-list',
  /** Gateway to rider: a message about one of their rides (RiderMessageEvent). */
  riderMessage: 'rider.message',
  bookingStatus: 'booking.status',
  eta: 'booking.eta',
  stopEvent: 'stop.event',
  /** Driver to gateway: the vehicle broke down (`{ note? }`); acknowledged with BreakdownResult. */
  vehicleBreakdown: 'vehicle.breakdown',
  subscribe: 'subscribe',
  error: 'error',
  /** Server to client once a connection has joined its rooms and received its current state. */
  sessionReady: 'session.ready',
  /** Client to server: a fresh token for this connection (same subject), before or after expiry. */
  authRefresh: 'auth.refresh',
  /** Server to client: the token expired; send `auth.refresh` within `graceS` or be disconnected. */
  authExpired: 'auth.expired',
  /** Server to a driver: the shift the connection was bound to ended; `session.ready` follows. */
  shiftEnded: 'shift.ended',
} as const;
export type WsEventName = (typeof WsEvent)[keyof typeof WsEvent];
