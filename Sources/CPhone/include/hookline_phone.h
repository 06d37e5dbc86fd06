#ifndef HOOKLINE_PHONE_H
#define HOOKLINE_PHONE_H
#ifdef __cplusplus
extern "C" {
#endif
/* STUB — owned by the detect work. */
int hookline_phone_version(void);
#ifdef __cplusplus
}
#endif
#endif
