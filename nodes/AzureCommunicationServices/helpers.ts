/** Parameters and parameter readers the operations of this node share. */
export { ACS_API_VERSIONS, acsOptions } from '../../shared/acs/apiVersion';
export { readOutputBinaryField, storeDownloadedFile, withBinary } from '../../shared/binary';
export {
	binaryPropertyNameProperty,
	pageSizeOption,
	returnAllAndLimit,
} from '../../shared/descriptions';
export {
	isE164,
	parseHttpsUrl,
	readId,
	readMediaUrl,
	readPhoneNumber,
	readText,
	splitList,
} from '../../shared/validation';
export {
	isPhoneNumberIdentifier,
	maskTriggerSecret,
	readCallbackUri,
	readIdentifier,
	readIdentifiers,
	readWebSocketUrl,
	repeatabilityHeaders,
} from '../../shared/acs/callAutomation';
export { recordingDocumentId } from '../../shared/acs/recordingStorage';
export { optionsCollection } from '../../shared/descriptions';
export { changedInVersion, resourceLocator } from '../../shared/resourceLocator';
