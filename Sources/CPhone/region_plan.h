#ifndef HOOKLINE_REGION_PLAN_H
#define HOOKLINE_REGION_PLAN_H
#include <cstddef>
#include <string>

namespace hookline {

/* True when libphonenumber would certainly answer "no number" for these digits read with
 * this default region: the lengths the parse can leave fit no number of the country.
 * False means "ask libphonenumber", never "it is a number". See region_plan.cpp. */
bool phoneRuledOut(const char *text, size_t len, const char *region, bool allowPossible);

/* The region whose answer for these digits is this region's, byte for byte (possibly the
 * region itself), or null when that is not known. See region_plan.cpp. */
const char *phoneTwin(const char *text, size_t len, const char *region);

/* Reads the metadata into the plans now (at start, not in the first message). */
void phonePlansLoad();

/* Works out what phoneRuledOut knows about the region's country code now (at start, not in
 * the first message that asks about it). */
void phonePlanWarm(const char *region);

/* The regions of libphonenumber's metadata, comma-separated (for the tests). */
std::string phoneRegionList();

/* The region's international prefix when it is plain digits ("00"), else empty (for the tests). */
std::string phoneInternationalPrefix(const char *region);

} // namespace hookline
#endif
