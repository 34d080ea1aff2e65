/** Parameters and parameter readers the operations of this node share. */
export {
	chooseFileName,
	extensionFor,
	mimeTypeOf,
	readOutputBinaryField,
	storeBinaryStream,
	withBinary,
} from '../../shared/binary';
export {
	binaryPropertyNameProperty,
	optionsCollection,
	pageSizeOption,
	returnAllAndLimit,
} from '../../shared/descriptions';
export { readId, readMediaUrl, readPhoneNumber, readText } from '../../shared/validation';
