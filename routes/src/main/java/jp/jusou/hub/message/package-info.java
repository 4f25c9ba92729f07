/**
 * The shared vocabulary: one message in flight, reason codes with Japanese and English text, municipality codes, the 個人番号 detector, broker names and permissions, the SHA-256 helper. Depends on nothing.
 */
@ApplicationModule(displayName = "Message (共通語彙)", allowedDependencies = {  })
package jp.jusou.hub.message;

import org.springframework.modulith.ApplicationModule;
