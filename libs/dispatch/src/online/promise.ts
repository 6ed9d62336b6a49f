import type { RideRequest, RoutePlan } from '../model/dispatch.types';
import type { Offer, RidePromise } from './offer.types';

/**
 * The request as a hard constraint after the passenger accepted: windows narrowed to the
 * promise and `confirmed` set, so the engine never drops it or moves it outside the promise.
 */
export function confirmPromise(request: RideRequest, promise: RidePromise): RideRequest {
  if (request.id !== promise.requestId) throw new Error('promise belongs to another request');
  const pw = request.pickupWindow;
  const dw = request.dropoffWindow;
  return {
    ...request,
    pickupWindow: {
      earliestS: Math.max(pw?.earliestS ?? -Infinity, promise.pickupWindow.earliestS),
      latestS: Math.min(pw?.latestS ?? Infinity, promise.pickupWindow.latestS),
    },
    dropoffWindow: {
      earliestS: dw?.earliestS ?? -Infinity,
      latestS: Math.min(dw?.latestS ?? Infinity, promise.latestArrivalS),
    },
    confirmed: true,
  };
}

/** The fleet's plans after accepting an offer: the offered vehicle's plan is replaced. */
export function plansWithOffer(plans: readonly RoutePlan[], offer: Offer): RoutePlan[] {
  const out = plans.filter((p) => p.vehicleId !== offer.vehicleId);
  out.push(offer.plan);
  return out;
}
