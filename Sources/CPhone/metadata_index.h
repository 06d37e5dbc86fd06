#ifndef HOOKLINE_METADATA_INDEX_H
#define HOOKLINE_METADATA_INDEX_H
#include <cstdint>
#include <string>

namespace hookline {

/* Where one region's metadata lies in libphonenumber's serialized collection, read without
 * parsing it. */
struct MetadataEntry {
    std::string id;
    int countryCode = 0;
    const uint8_t *data = nullptr;
    int size = 0;
};

/* The entry of region `id` ("001" with `code` for a non-geographic calling code), or null when
 * there is none or the collection could not be read. */
const MetadataEntry *metadataEntry(const std::string &id, int code);

} // namespace hookline
#endif
