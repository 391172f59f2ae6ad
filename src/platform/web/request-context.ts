// What the page shell needs of the current request (the one-time flash message), kept for the
// request's duration so every page shows it without each handler passing it by hand.
import { AsyncLocalStorage } from "node:async_hooks";

type RequestValues = { flash: string | null };

const store = new AsyncLocalStorage<RequestValues>();

export function runWithRequest<T>(values: RequestValues, work: () => Promise<T>): Promise<T> {
  return store.run(values, work);
}

/** The flash message taken from this request's cookie, shown once by the layout. */
export function currentFlash(): string | null {
  return store.getStore()?.flash ?? null;
}
