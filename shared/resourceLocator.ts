import type {
	DisplayCondition,
	IDisplayOptions,
	INodeListSearchResult,
	INodeProperties,
	INodePropertyMode,
} from 'n8n-workflow';

/**
 * Pickers (n8n's resource locator): From List first, then By ID and, where the service has one, By URL.
 * A parameter keeps its name when it becomes a picker; the node version that introduced the picker shows
 * it, older versions keep their text field. `readParameter` (and the readers built on it) give the value
 * the picker's mode selects, so operations read a picker as they read a text field.
 */

export interface LocatorSpec {
	displayName: string;
	name: string;
	description: string;
	/** The `methods.listSearch` function that fills From List. */
	searchListMethod: string;
	/** What From List prompts for; by default "Select a <display name>…". */
	listPlaceholder?: string;
	/** False when the service cannot filter the list (the list then shows everything, page by page). */
	searchable?: boolean;
	/** What By ID accepts; `errorMessage` names the expected form. */
	id: { placeholder: string; regex?: string; errorMessage?: string };
	/** By URL: a link to the resource, the ID taken from it by `extract` (one capture group). */
	url?: { placeholder: string; regex: string; extract: string; errorMessage: string };
	required?: boolean;
	displayOptions?: IDisplayOptions;
}

export function resourceLocator(spec: LocatorSpec): INodeProperties {
	const modes: INodePropertyMode[] = [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: spec.listPlaceholder ?? `Select a ${spec.displayName.toLowerCase()}…`,
			typeOptions: {
				searchListMethod: spec.searchListMethod,
				searchable: spec.searchable ?? true,
			},
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: spec.id.placeholder,
			validation: spec.id.regex
				? [
						{
							type: 'regex',
							properties: {
								regex: spec.id.regex,
								errorMessage: spec.id.errorMessage ?? `Not a valid ${spec.displayName}`,
							},
						},
					]
				: undefined,
		},
	];
	if (spec.url) {
		modes.push({
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: spec.url.placeholder,
			validation: [
				{
					type: 'regex',
					properties: { regex: spec.url.regex, errorMessage: spec.url.errorMessage },
				},
			],
			extractValue: { type: 'regex', regex: spec.url.extract },
		});
	}
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: spec.required ?? true,
		description: spec.description,
		modes,
		displayOptions: spec.displayOptions,
	};
}

/**
 * A parameter whose type changed in node version `since` (a text field became a picker): workflows saved
 * by older versions keep showing and running their saved value.
 */
export function changedInVersion(
	since: number,
	before: INodeProperties,
	after: INodeProperties,
): INodeProperties[] {
	const atVersion = (condition: DisplayCondition, property: INodeProperties): INodeProperties => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, '@version': [condition] },
		},
	});
	return [atVersion({ _cnd: { lt: since } }, before), atVersion({ _cnd: { gte: since } }, after)];
}

/** A page of a picker's list; the service's next-page link, if any, is the token for the next one. */
export function listPage(
	results: INodeListSearchResult['results'],
	nextLink: unknown,
): INodeListSearchResult {
	return {
		results,
		paginationToken: typeof nextLink === 'string' && nextLink ? nextLink : undefined,
	};
}
