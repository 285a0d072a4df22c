import { applySettings, type Settings, type SettingsInput } from '#shared/domain/settings';
import type { Clock } from './ports';

export interface SettingsStore {
  get(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
}

export function getSettings(ports: { settings: SettingsStore }): Promise<Settings> {
  return ports.settings.get();
}

/** Changes the settings; the journey worker and the mail sender pick a change up within a minute. */
export async function updateSettings(ports: { settings: SettingsStore; clock: Clock }, input: SettingsInput): Promise<Settings> {
  const next = applySettings(await ports.settings.get(), input, ports.clock.now());
  await ports.settings.save(next);
  return next;
}
