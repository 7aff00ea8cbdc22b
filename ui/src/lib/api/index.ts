// The one door from the UI to the backend. Every call goes through `call`, which turns
// whatever the IPC layer rejects with into the backend's error shape {code, message,
// errors}, so that screens never parse strings.
import { invoke } from "@tauri-apps/api/core";
import type { AppInfo, AuditSummary, ServiceError } from "./bindings";

export type { AppInfo, AuditSummary, ServiceError } from "./bindings";

/** Turns any rejection into a ServiceError with a Swedish message. */
export function toServiceError(e: unknown): ServiceError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    return e as ServiceError;
  }
  const message = "Ett oväntat fel inträffade i programmet.";
  return { code: "internal", message, errors: [{ message }] };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toServiceError(e);
  }
}

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
  listAudits: () => call<AuditSummary[]>("list_audits"),
};
