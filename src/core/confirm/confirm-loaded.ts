// Backdoor confirmation on a loaded dataset (what the page's worker and the tests hold): turn
// its images into the probe's input with the scan's own featurisation, then confirm.
import { labelIndex } from '../data';
import { featurize } from '../features/featurize';
import type { LoadedDataset, Roles, RunControl } from '../types';
import { InputError } from '../types';
import { confirmBackdoor, type BackdoorConfirmation, type ConfirmInput } from './confirm-backdoor';

export type ConfirmOptions = Omit<ConfirmInput, 'images' | 'shape' | 'labels' | 'classes' | 'clusterRows'>;

export async function confirmLoaded(
  loaded: LoadedDataset,
  roles: Roles,
  clusterRows: readonly number[],
  opts: ConfirmOptions = {},
  control: RunControl = {},
): Promise<BackdoorConfirmation> {
  const features = featurize(loaded.frame, roles, loaded.name, control);
  if (features.kind !== 'image')
    throw new InputError(
      loaded.name,
      'backdoor confirmation needs an image column (triggers are reconstructed from pixels)',
    );
  const { classes, labels } = labelIndex(loaded.frame, roles);
  if (classes.length < 2)
    throw new InputError(loaded.name, 'backdoor confirmation needs at least two classes');
  return confirmBackdoor(
    { ...opts, images: features.x, shape: features.shape, labels, classes, clusterRows },
    control,
  );
}
