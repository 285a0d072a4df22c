import { abcThresholdsOf, applySettings, type Settings, type SettingsInput } from '#shared/domain/settings';
import type { Clock } from './ports';

export interface SettingsStore {
  get(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
}

/** The settings, with the ABC thresholds in force (the defaults when never set). */
export async function getSettings(ports: { settings: SettingsStore }): Promise<Settings> {
  const settings = await ports.settings.get();
  return { ...settings, abc: abcThresholdsOf(settings) };
}

/** Changes the settings; the journey worker and the mail sender pick a change up within a minute. */
export async function updateSettings(ports: { settings: SettingsStore; clock: Clock }, input: SettingsInput): Promise<Settings> {
  const next = applySettings(await ports.settings.get(), input, ports.clock.now());
  await ports.settings.save(next);
  return { ...next, abc: abcThresholdsOf(next) };
}
