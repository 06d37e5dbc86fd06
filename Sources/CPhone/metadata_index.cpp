#include "metadata_index.h"
#include <google/protobuf/io/coded_stream.h>
#include <phonenumbers/phonemetadata.pb.h>
#include <vector>

#include "metadata_access.h"

using hookline::MetadataEntry;
using i18n::phonenumbers::PhoneMetadata;

namespace {

// Skips the field whose tag was just read; false on a wire type protobuf no longer writes.
bool skipField(google::protobuf::io::CodedInputStream *in, uint32_t tag) {
    uint64_t varint = 0;
    uint32_t length = 0;
    switch (tag & 7) {
    case 0: return in->ReadVarint64(&varint);
    case 1: return in->Skip(8);
    case 2: return in->ReadVarint32(&length) && in->Skip(int(length));
    case 5: return in->Skip(4);
    default: return false;
    }
}

// Each entry of the collection with its region code and calling code (fields 9 and 10 of
// PhoneMetadata, field 1 of the collection); empty when the bytes read otherwise. A walk over
// tags and lengths: the region's formats are parsed on its first accepted number, so the
// process keeps the formats and number types of the few regions its mail has (a parse of the
// whole collection here cost ~12 M instructions at start and its copied formats ~360 kB for the
// life of the process).
std::vector<MetadataEntry> indexEntries() {
    std::vector<MetadataEntry> entries;
    const auto *base = static_cast<const uint8_t *>(i18n::phonenumbers::metadata_get());
    const int size = i18n::phonenumbers::metadata_size();
    google::protobuf::io::CodedInputStream in(base, size);
    while (uint32_t tag = in.ReadTag()) {
        uint32_t length = 0;
        if (tag >> 3 != uint32_t(i18n::phonenumbers::PhoneMetadataCollection::kMetadataFieldNumber) || (tag & 7) != 2) {
            if (!skipField(&in, tag)) return {};
            continue;
        }
        if (!in.ReadVarint32(&length)) return {};
        MetadataEntry entry;
        entry.data = base + in.CurrentPosition();
        entry.size = int(length);
        if (entry.size > size - in.CurrentPosition()) return {};
        google::protobuf::io::CodedInputStream fields(entry.data, entry.size);
        while (uint32_t field = fields.ReadTag()) {
            uint32_t value = 0;
            if (field >> 3 == uint32_t(PhoneMetadata::kIdFieldNumber) && (field & 7) == 2) {
                if (!fields.ReadVarint32(&value) || !fields.ReadString(&entry.id, int(value))) return {};
            } else if (field >> 3 == uint32_t(PhoneMetadata::kCountryCodeFieldNumber) && (field & 7) == 0) {
                if (!fields.ReadVarint32(&value)) return {};
                entry.countryCode = int(value);
            } else if (!skipField(&fields, field)) {
                return {};
            }
        }
        const int skip = entry.size;
        entries.push_back(std::move(entry));
        if (!in.Skip(skip)) return {};
    }
    return entries;
}

} // namespace

namespace hookline {

const MetadataEntry *metadataEntry(const std::string &id, int code) {
    static const std::vector<MetadataEntry> entries = indexEntries();
    for (const MetadataEntry &entry : entries)
        if (entry.id == id && (id != "001" || entry.countryCode == code)) return &entry;
    return nullptr;
}

} // namespace hookline
