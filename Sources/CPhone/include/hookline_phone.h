#ifndef HOOKLINE_PHONE_H
#define HOOKLINE_PHONE_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

/* A thin C face over libphonenumber, so Swift never sees C++ or its exceptions.
 * Every buffer belongs to the caller; nothing here allocates memory that outlives a call. */

enum {
    HOOKLINE_PHONE_FIXED = 0,
    HOOKLINE_PHONE_MOBILE = 1,
    HOOKLINE_PHONE_FIXED_OR_MOBILE = 2,
    HOOKLINE_PHONE_TOLL_FREE = 3,
    HOOKLINE_PHONE_PREMIUM = 4,
    HOOKLINE_PHONE_SHARED_COST = 5,
    HOOKLINE_PHONE_VOIP = 6,
    HOOKLINE_PHONE_OTHER = 7
};

typedef struct hookline_phone_result {
    /* "+" and up to 15 digits, NUL-terminated. */
    char e164[20];
    /* ISO 3166 alpha-2 region ("US"), or "ZZ" when the number is non-geographic. */
    char region[4];
    int type;
    /* 1 when libphonenumber calls the number valid; 0 when it is only possible (right length
     * for its country, but in a range the installed metadata does not list as allocated). */
    int valid;
    /* Digit groups of the INTERNATIONAL format, country code first ("+1 864-347-2494" → 1,3,3,4),
     * and of the NATIONAL format ("(864) 347-2494" → 3,3,4), so callers can tell whether a
     * candidate was written grouped the way the number is really grouped. */
    unsigned char international_groups[8];
    int international_group_count;
    unsigned char national_groups[8];
    int national_group_count;
    /* 1 when the digits written are the number's NATIONAL format for `region` (optionally
     * behind that region's trunk prefix), or the input carried "+": the sender wrote it as
     * someone in that country would, not a foreign number that merely parses there. */
    int faithful;
} hookline_phone_result;

/* Loads libphonenumber's metadata once; call before threads race to the first parse. */
void hookline_phone_init(void);

/* hookline_phone_init, then one question about a fixed-line number of each of `regions` (ISO
 * codes, comma-separated), national and with "+": libphonenumber compiles a region's regular expressions the first
 * time it is asked about the region (~1-2 M instructions each), and this moves that out of the
 * first messages. Answers are unchanged (the compiled expressions are a cache). Never throws. */
void hookline_phone_warm(const char *regions);

/* Parses `len` bytes of `text` (digits, optionally a leading '+') with `region` as the
 * default country. Returns 1 and fills `out` when libphonenumber says the number is valid,
 * or, with `allow_possible`, merely possible; 0 when it is neither or cannot be parsed.
 * Never throws. */
int hookline_phone_validate(const char *text, size_t len, const char *region,
                            int allow_possible, hookline_phone_result *out);

/* hookline_phone_validate without its length pre-test, and asking libphonenumber in the order
 * it did before (region, validity, then type), its forms written by Format: every question
 * goes to libphonenumber as it was first asked. For the tests that hold the two to the same
 * answers. */
int hookline_phone_validate_reference(const char *text, size_t len, const char *region,
                                      int allow_possible, hookline_phone_result *out);

/* 1 when hookline_phone_validate answers 0 from the lengths alone, without libphonenumber
 * (for the tests). */
int hookline_phone_ruled_out(const char *text, size_t len, const char *region, int allow_possible);

/* 1 and the region whose answer for these digits (ASCII digits, optionally after a "+") is the
 * same as for `region` in every field, in both kinds of question; 0 when that is not known.
 * Canada and the United States for digits that begin with neither "1" nor a trunk "1": one
 * question, not two; for "+" and a known country code, one region for all. */
int hookline_phone_twin(const char *text, size_t len, const char *region, char out[4]);

/* The country calling code of `region` (1 for "US"), 0 for an unknown region (for the tests). */
int hookline_phone_country_code(const char *region);

/* Writes libphonenumber's region codes, comma-separated, into `out` (NUL-terminated, cut to
 * `cap`); returns the full length (for the tests). */
size_t hookline_phone_regions(char *out, size_t cap);

/* Writes the region's international prefix into `out` when it is plain digits ("00", "011"), the
 * prefix `hookline_phone_ruled_out` reads the country code after (NUL-terminated, cut to `cap`);
 * returns its length, 0 for any other prefix (for the tests). */
size_t hookline_phone_international_prefix(const char *region, char *out, size_t cap);

/* Parses `len` bytes of `text` as in `region` and writes the number's E164, INTERNATIONAL and
 * NATIONAL forms, newline-separated, into `out` (NUL-terminated, cut to `cap`): as
 * libphonenumber's Format writes them (`via_format` 1) or as hookline_phone_validate works them
 * out (0). Returns the full length, 0 when the text does not parse (for the tests). */
size_t hookline_phone_formats(const char *text, size_t len, const char *region, int via_format, char *out, size_t cap);

/* Writes every example number of the metadata, its region code (GetRegionCodeForNumber, "001" for
 * a non-geographic code) before its E.164 ("IT+390212345678"), comma-separated, into `out` (cut to
 * `cap`): each region's for each number type it has one for, and each non-geographic calling
 * code's; returns the full length (for the tests). */
size_t hookline_phone_examples(char *out, size_t cap);

/* Compares the shim's parse of plain digits (digit_parse.cpp) with libphonenumber's Parse for
 * `len` bytes of `text` read in `region`: 1 when both give the same error, and on success the
 * same number byte for byte (3 when that is a number); 0 when they differ; 2 when the shim
 * leaves the text to Parse (for the tests). */
int hookline_phone_parse_compare(const char *text, size_t len, const char *region);

/* Compares DigitPattern (digit_pattern.cpp) with libphonenumber's ICU engine over every pattern of
 * `region`'s metadata ("001" with `code` for a non-geographic code): its number types', its
 * leading digits, each format's pattern and leading-digits patterns, national and international,
 * each asked about `len` ASCII digits of `digits` whole and at the start. 1 when every answer is
 * ICU's, 0 when one is not or the metadata cannot be read; adds to counts[0] the patterns compared,
 * counts[1] those matching whole, counts[2] those matching at the start, counts[3] those left to
 * ICU (for the tests). */
int hookline_phone_pattern_compare(const char *digits, size_t len, const char *region, int code, int counts[4]);

/* DigitPattern's answers for `len` ASCII digits of `digits` against ICU's for any `pattern`: -1 when
 * they differ, 0 when the pattern is left to ICU, else 1, plus 2 when the whole matches, plus 4
 * when a start does (for the tests). */
int hookline_phone_pattern_text_compare(const char *pattern, const char *digits, size_t len);

/* For every format of calling code `code` that the shim writes without ICU (phone.cpp,
 * PreparedFormat::apply) and whose lengths take `len` digits: 1 when each writes `digits` as ICU's
 * GlobalReplace does, 0 otherwise; adds to counts[0] the formats compared, counts[1] the formats of
 * the code left to GlobalReplace (for the tests). */
int hookline_phone_format_compare(const char *digits, size_t len, int code, int counts[2]);

int hookline_phone_version(void);

#ifdef __cplusplus
}
#endif
#endif
