// Strings of the 人证核验 step (issue #16 item 16), shared by 取证 and 办事: plain words for older
// citizens ("核对本人", not "人证核验"), what the photo is for, and that it is not kept.
export const zh = {
  step: '核对本人',
  title: '请正对摄像头拍一张照片',
  why: '为确认是您本人办理，需要拍一张照片，和身份证登记的照片比对。照片只用于这次比对，不会保存。',
  hint: '请摘下帽子和口罩，把脸放在框里，保持不动。',
  countdown: '{{count}} 秒后自动拍照',
  capture: '拍照',
  starting: '正在打开摄像头…',
  live: '摄像头画面，脸放在椭圆框里',
  verifying: '正在核对，请稍候…',
  retry: '请再拍一次',
  noCamera: '摄像头暂时无法使用，本机不能核对是否本人。请到人工窗口办理。',
  failedHeadline: '请到人工窗口办理',
  wiped: '您的身份证信息已从本机清除，没有提交任何内容。',
  devPanel: { title: '人证核验摄像头', real: '真实摄像头', holder: '模拟：持卡人本人', stranger: '模拟：他人' },
};
export const en: typeof zh = {
  step: 'Photo check',
  title: 'Please face the camera for a photo',
  why: 'To make sure it is really you, we take a photo and compare it with the photo on record for your ID card. The photo is used for this check only and is not kept.',
  hint: 'Take off hat and mask, keep your face inside the frame and hold still.',
  countdown: 'Photo in {{count}} s',
  capture: 'Take photo',
  starting: 'Starting the camera…',
  live: 'Camera picture; keep your face inside the oval',
  verifying: 'Checking, please wait…',
  retry: 'Please take the photo again',
  noCamera: 'The camera is not working, so this kiosk cannot check that you are the card holder. Please visit a service window.',
  failedHeadline: 'Please visit a service window',
  wiped: 'Your ID card details have been cleared from this kiosk; nothing was submitted.',
  devPanel: { title: 'Face check camera', real: 'Real camera', holder: 'Simulated: the card holder', stranger: 'Simulated: someone else' },
};
