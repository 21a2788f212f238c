/**
 * The temporary-password IVR of SPEC §6: its dialogue, prompts, G.711 audio, RTP and DTMF, with no
 * SIP signalling (the SIP side creates an {@link jp.callmail.sip.connector.ivr.IvrCallSession} per
 * call and runs it on the WorkManager).
 */
package jp.callmail.sip.connector.ivr;
