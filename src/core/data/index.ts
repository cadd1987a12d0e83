// Public face of the data layer: sniffing, loading, image decoding and column roles.
export { sniffFormat, type Format } from './sniff';
export { loadDataset } from './load';
export { decodeImage, type DecodedImage } from './decode-image';
export { readImageHeader, type ImageHeader } from './image-header';
export { inferRoles, type InferredRoles } from './roles';
export { labelIndex, type LabelInfo, type LabelIndex } from './labels';
export { sourceFromBytes } from './source';
export { defaultLimits, type LoadOptions } from './limits';
