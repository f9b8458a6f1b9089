// The spoken prompt of every screen (issue #16, item 14): one plain sentence or two per step of
// every journey and per app-level screen, in Chinese and English. Spoken by the OS voice or from a
// clip rendered ahead (`scripts/renderVoice.mjs` → `assets/voice/`). A prompt says what to do on
// the screen; it never reads out a name, an ID number or anything else the citizen entered.
import type { StepFamily } from '../components/journey/stepKeys';

/** The app shell's own screens and overlays, outside any journey. */
export type AppScreenVoiceKey =
  | 'attract' // waiting for a citizen
  | 'home' // the service entries
  | 'closed' // out of opening hours
  | 'maintenance' // maintenance mode
  | 'outOfService' // a device the kiosk cannot serve without is down
  | 'idleWarning' // "您还在吗？" with its countdown
  | 'exitConfirm' // ending the session with money in flight
  | 'takeCard'; // the end of a session that read an ID card

/** Every prompt: each app screen and each journey step family (a step without one fails the typecheck). */
export type VoiceKey = AppScreenVoiceKey | StepFamily;

export interface VoicePrompt {
  readonly zh: string;
  readonly en: string;
}

export const VOICE_PROMPTS: { readonly [K in VoiceKey]: VoicePrompt } = {
  attract: { zh: '欢迎使用自助服务。请轻触屏幕开始办理。', en: 'Welcome. Touch the screen to start.' },
  home: { zh: '请选择要办理的业务。需要更大的字，请点击长辈模式。', en: 'Please choose a service. For larger text, tap elderly mode.' },
  closed: { zh: '本机现在不在服务时间。开放时间和附近的全天大厅显示在屏幕上。', en: 'This kiosk is closed now. The opening time and the nearest 24-hour hall are on the screen.' },
  maintenance: { zh: '本机正在维护，暂停服务。请到服务窗口办理，或拨打一二三四五。', en: 'This kiosk is being serviced. Please go to a service window, or call 1 2 3 4 5.' },
  outOfService: { zh: '本机暂停服务。请到服务窗口办理，或拨打一二三四五。', en: 'This kiosk is out of service. Please go to a service window, or call 1 2 3 4 5.' },
  idleWarning: { zh: '您还在吗？如需继续办理，请点击“我还需要时间”。', en: 'Are you still there? To continue, tap “I need more time”.' },
  exitConfirm: { zh: '确定结束办理吗？请看屏幕上的说明，再选择结束或继续。', en: 'Do you want to end your session? Please read the screen, then choose to end or to stay.' },
  takeCard: { zh: '办理已结束。请取走您的身份证。', en: 'Your session has ended. Please take your ID card.' },

  consent: { zh: '读取身份证前，请阅读屏幕上的说明。同意后，请点击同意。', en: 'Before your ID card is read, please read the notice on the screen. If you agree, tap agree.' },
  identify: { zh: '请将身份证放在读卡区域，读卡时请不要移动。', en: 'Please place your ID card on the reader, and keep it still while it is read.' },
  faceCheck: { zh: '请正对摄像头，摘下帽子和口罩，把脸放在框里保持不动，然后点击拍照。照片只用于核对本人，不会保存。', en: 'Please face the camera, take off any hat and mask, keep your face inside the frame and hold still, then tap to take the photo. The photo is only used to check it is you, and is not kept.' },
  'faceCheck-failed': { zh: '未能核对本人。请到人工窗口办理，您的身份证信息已从本机清除。', en: 'We could not confirm it is you. Please go to a service window. Your ID card details have been cleared from this kiosk.' },

  browse: { zh: '请选择要办理的事项。可以按部门或按生活中的事情查找，也可以搜索。', en: 'Please choose a service. Browse by department or by life event, or search.' },
  loading: { zh: '正在打开，请稍候。', en: 'Opening, please wait.' },
  guide: { zh: '这是办事指南。请看需要的材料和费用，准备好后点击下一步。', en: 'This is the service guide. Check the documents and the fee, then tap next.' },
  form: { zh: '请核对并填写屏幕上的信息，填好后点击下一步。', en: 'Please check and fill in the details on the screen, then tap next.' },
  materials: { zh: '请选择每份材料的提交方式，需要拍照的，请点击拍照。', en: 'Please choose how to provide each document. To take a photo of one, tap the photo button.' },
  camera: { zh: '请将材料平放在拍摄区域，对准后点击拍照。', en: 'Please lay the document flat under the camera, then tap to take the photo.' },
  review: { zh: '请核对全部信息，无误后点击下一步。', en: 'Please check all your details, then tap next.' },
  signature: { zh: '请阅读承诺，勾选后在签名框内签名，然后点击确认提交。', en: 'Please read the pledge, tick it, sign in the box, then tap submit.' },
  result: { zh: '申请已提交。请记下屏幕上的办件编号；打印了回执的，请取走。', en: 'Your application has been submitted. Please note the case number on the screen, and take your receipt if one was printed.' },

  'pay-find': { zh: '请输入缴费通知书上的编号，或将通知书上的二维码对准扫描口。', en: 'Please enter the number on your payment notice, or hold its QR code to the scanner.' },
  'pay-confirm': { zh: '请核对缴费金额，然后选择缴费方式。', en: 'Please check the amount, then choose how to pay.' },
  'pay-qr-qrDisplayed': { zh: '请用手机扫描屏幕上的二维码付款。', en: 'Please scan the QR code on the screen with your phone to pay.' },
  'pay-qr-paymentCode': { zh: '请打开手机上的付款码，对准扫描口。', en: 'Please open the payment code on your phone and hold it to the scanner.' },
  'pay-cash': { zh: '请投入纸币，一次一张。本机不找零。', en: 'Please insert your notes one at a time. This kiosk gives no change.' },
  'pay-result-paid': { zh: '缴费成功。打印了凭条的，请取走。', en: 'Your payment is complete. If a slip was printed, please take it.' },
  'pay-result-unpaid': { zh: '这笔费用还没有缴纳。请看屏幕上的说明。', en: 'This fee has not been paid. Please read the screen for what to do next.' },

  'query-enter': { zh: '请输入回执上的办件编号，或将回执上的二维码对准扫描口。', en: 'Please enter the case number on your receipt, or hold its QR code to the scanner.' },
  'query-found': { zh: '办理进度显示在屏幕上。', en: 'The progress of your case is on the screen.' },

  'proof-choose': { zh: '请选择要打印的证明。', en: 'Please choose the proof to print.' },
  'proof-issuing': { zh: '正在开具证明，请稍候。', en: 'Your proof is being issued, please wait.' },
  'proof-preview': { zh: '请核对证明内容，无误后点击打印。', en: 'Please check the proof, then tap print.' },
  'proof-printing': { zh: '正在打印，请稍候。', en: 'Printing, please wait.' },
  'proof-result-printed': { zh: '证明已打印。请取走打印好的证明。', en: 'Your proof is printed. Please take it.' },
  'proof-result-notPrinted': { zh: '打印可能没有完成。请看屏幕上的说明。', en: 'The proof may not have printed. Please read the screen for what to do next.' },
  'proof-result-notIssued': { zh: '证明未能开具，原因显示在屏幕上。', en: 'The proof could not be issued. The reason is on the screen.' },

  'pickup-loading': { zh: '正在查询可领取的证照，请稍候。', en: 'Looking for certificates ready for you, please wait.' },
  'pickup-list': { zh: '请选择要领取的证照。', en: 'Please choose the certificate to collect.' },
  'pickup-preview': { zh: '请核对证照内容，无误后点击打印。', en: 'Please check the certificate, then tap print.' },
  'pickup-printing': { zh: '正在打印证照，请稍候。', en: 'Printing your certificate, please wait.' },
  'pickup-result-printed': { zh: '证照已打印。请取走您的证照。', en: 'Your certificate is printed. Please take it.' },
  'pickup-result-notPrinted': { zh: '证照可能没有打印完成。请看屏幕上的说明。', en: 'The certificate may not have printed. Please read the screen for what to do next.' },
};

export const VOICE_KEYS = Object.keys(VOICE_PROMPTS) as readonly VoiceKey[];

/** The prompt's text in the kiosk's language (`Language`: zh-CN or en). */
export function voicePromptText(key: VoiceKey, language: 'zh-CN' | 'en'): string {
  return language === 'en' ? VOICE_PROMPTS[key].en : VOICE_PROMPTS[key].zh;
}

/** Screens where nobody has asked for anything yet: spoken only on demand (🔊), never by themselves. */
export const QUIET_VOICE_KEYS: ReadonlySet<VoiceKey> = new Set<VoiceKey>(['attract', 'closed', 'maintenance', 'outOfService']);

/** The 🔊 controls (`components/VoiceControls.tsx`). */
const zhControls = { readAloud: '朗读', mute: '静音', muteAria: '不再自动朗读' };
const enControls: typeof zhControls = { readAloud: 'Read aloud', mute: 'Mute', muteAria: 'stop reading each screen aloud' };

// The namespace for the i18n layer (`useTranslation('voice')`, and the full-width punctuation check).
export const zh = { controls: zhControls, prompts: promptsIn('zh') };
export const en: typeof zh = { controls: enControls, prompts: promptsIn('en') };

function promptsIn(language: keyof VoicePrompt): { readonly [K in VoiceKey]: string } {
  return Object.fromEntries(VOICE_KEYS.map((key) => [key, VOICE_PROMPTS[key][language]])) as { readonly [K in VoiceKey]: string };
}
