import {classesPanel} from './classes.js';
import {facetsPanel} from './facets.js';
import {linesPanel} from './lines.js';
import {markersPanel} from './markers.js';
import {pressurePanel} from './pressure.js';
import {requestsPanel} from './requests.js';
import {routesPanel} from './routes.js';
import {incidentsPanel} from './incidents.js';
import {statePanel} from './state.js';
import type {PanelDef} from './types.js';

/** Every panel, in key order (1, 2, …). */
export const PANELS: ReadonlyArray<PanelDef<any>> = [pressurePanel, classesPanel, facetsPanel, statePanel, markersPanel, linesPanel, requestsPanel, incidentsPanel, routesPanel];
