/** Mantine's Tooltip alone, as its own chunk (see DeferredTooltip). */
export { Tooltip } from '@mantine/core';
