import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

/**
 * SignalWire's list filters on a date (`DateCreated`, `DateSent`): on a day, on or before, on or after.
 * SignalWire compares them by calendar day, written YYYY-MM-DD.
 */
export interface DayFilter {
	/** The query parameter, e.g. DateSent. */
	parameter: string;
	/** How the date reads in labels, e.g. "Sent". */
	verb: string;
	/** What is filtered, e.g. "messages". */
	what: string;
}

const BOUNDS = [
	{ suffix: 'After', operator: '>', wording: 'On or After', relation: 'on or after' },
	{ suffix: 'Before', operator: '<', wording: 'On or Before', relation: 'on or before' },
	{ suffix: '', operator: '', wording: 'On', relation: 'on' },
] as const;

function fieldName(filter: DayFilter, suffix: string): string {
	return `date${filter.verb}${suffix}`;
}

export function dayFilterProperties(filter: DayFilter): INodeProperties[] {
	return BOUNDS.map(({ suffix, operator, wording, relation }) => ({
		displayName: `${filter.verb} ${wording}`,
		name: fieldName(filter, suffix),
		type: 'dateTime',
		default: '',
		description: `Only ${filter.what} ${filter.verb.toLowerCase()} ${relation} this day (${filter.parameter}${operator === '>' ? '&gt;' : operator === '<' ? '&lt;' : ''})`,
	}));
}

/** The query parameters of the day filters set in the `filters` collection. */
export function readDayFilters(
	ctx: IExecuteFunctions,
	itemIndex: number,
	filter: DayFilter,
): Record<string, string> {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const query: Record<string, string> = {};
	for (const { suffix, operator, wording } of BOUNDS) {
		const value = filters[fieldName(filter, suffix)];
		if (value === undefined || value === '') continue;
		query[`${filter.parameter}${operator}`] = dayOf(
			ctx,
			itemIndex,
			`${filter.verb} ${wording}`,
			value,
		);
	}
	return query;
}

/** A date filter's value as the calendar day SignalWire compares by (YYYY-MM-DD, UTC). */
export function dayOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
): string {
	const date = new Date(value as string);
	if (Number.isNaN(date.getTime())) {
		throw new NodeOperationError(ctx.getNode(), `${label} "${String(value)}" is not a date`, {
			itemIndex,
		});
	}
	return date.toISOString().slice(0, 10);
}
