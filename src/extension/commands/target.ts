/** The device a command uses: the selected one, else the default transport's (asking when needed). */
import type { Ext } from '../ext';
import { defaultTarget } from '../debug-config';
import { pickDevice } from '../device-picker';
import type { DeviceTarget } from '../targets';

export async function currentTarget(ext: Ext): Promise<DeviceTarget | undefined> {
  const t = defaultTarget({ lastTarget: ext.target, settings: ext.settings() });
  if (t !== 'serial') return t;
  const picked = await pickDevice(ext, { only: 'serial' });
  if (picked) await ext.setTarget(picked);
  return picked;
}
