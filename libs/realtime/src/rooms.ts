/**
 * socket.io room names. Rooms span every gateway process through the Redis adapter.
 * - `vehicle:<id>`: the vehicle's driver (trip list).
 * - `vehicle:<id>:riders`: riders with a live booking on the vehicle (its positions).
 * - `booking:<id>`: whoever subscribed to the booking (its rider, the office).
 * - `rider:<id>`: every connection of one rider (status of all their bookings).
 * - `county:<id>`: office screens of a county (every vehicle's position).
 * - `area:<id>`: office screens of a service area (booking events).
 */
export const Rooms = {
  vehicle: (vehicleId: string) => `vehicle:${vehicleId}`,
  vehicleRiders: (vehicleId: string) => `vehicle:${vehicleId}:riders`,
  booking: (bookingId: string) => `booking:${bookingId}`,
  rider: (riderId: string) => `rider:${riderId}`,
  county: (countyId: string) => `county:${countyId}`,
  area: (serviceAreaId: string) => `area:${serviceAreaId}`,
} as const;
