// libphonenumber's compiled-in metadata: the serialized PhoneMetadataCollection the library
// parses itself. metadata.h is not installed, but the library exports these two functions;
// the region plan and the format lists read the metadata through them.
#pragma once

namespace i18n {
namespace phonenumbers {
int metadata_size();
const void *metadata_get();
} // namespace phonenumbers
} // namespace i18n
