// What the screen says when a call fails: one sentence per error code of every API method, and one
// per completion code for failures a method does not declare (a lost connection, a refused guard),
// each with the citizen's next step. The core sends codes; these tables are the only place they
// become words (tests/unit/renderer/errorSentences.test.ts checks that every code has both).
import type { ErrorCodeOf } from '../../src-common/api/contract';
import type { FailureCode } from '../../src-common/api/envelope';
import type { MethodName, Methods } from '../../src-common/api';

/** Methods that declare error codes. */
type MethodsWithErrors = { [M in MethodName]: [ErrorCodeOf<Methods[M]>] extends [never] ? never : M }[MethodName];

export interface ErrorSentences {
  /** By completion code, for failures without a method error code. */
  readonly completion: Readonly<Record<FailureCode, string>>;
  /** By method, then by the method's error code. Params interpolate as `{{name}}`. */
  readonly methods: { readonly [M in MethodsWithErrors]: Readonly<Record<ErrorCodeOf<Methods[M]>, string>> };
}

const zhHolder = {
  noCardRead: '请先读取您的身份证，再继续办理。',
  checkDigitInvalid: '您的身份证号码未通过校验，本机无法办理。请到人工窗口办理。',
} as const;
const enHolder = {
  noCardRead: 'Please read your ID card first, then continue.',
  checkDigitInvalid: 'Your ID card number did not pass its check, so this kiosk cannot serve you. Please visit a service window.',
} as const;

const zhFaceCheckRequired = {
  faceCheckRequired: '这项业务需要先核对是否本人。请回到首页重新开始，按提示拍一张照片。',
} as const;
const enFaceCheckRequired = {
  faceCheckRequired: 'This service first checks that you are the card holder. Please start again from the home screen and take the photo when asked.',
} as const;

const zhFaceCheck = {
  ...zhHolder,
  photoInvalid: '照片没有拍好，请再拍一次。',
  faceMismatch: '照片和身份证登记的照片对不上。请摘下帽子和眼镜，正对摄像头，再拍一次（还可以拍 {{attemptsLeft}} 次）。',
  noFace: '照片里没有看清您的脸。请正对摄像头，让脸在框里，再拍一次（还可以拍 {{attemptsLeft}} 次）。',
  attemptsExhausted: '几次拍照都没能确认是您本人。为保护您的信息，请到人工窗口办理，工作人员会当面核对。',
  livenessFailed: '没能确认是您本人在镜头前。请到人工窗口办理，工作人员会当面核对。',
  noReference: '系统里没有您身份证的照片，本机无法核对。请到人工窗口办理，工作人员会当面核对。',
  platformUnavailable: '网络中断，暂时无法核对是否本人。这一步不能跳过，请到人工窗口办理。',
} as const;
const enFaceCheck = {
  ...enHolder,
  photoInvalid: 'The photo did not come out. Please take it again.',
  faceMismatch: 'The photo does not match the photo on record for your ID card. Please take off hat and glasses, face the camera and try again (attempts left: {{attemptsLeft}}).',
  noFace: 'Your face could not be seen in the photo. Please face the camera with your face inside the frame and try again (attempts left: {{attemptsLeft}}).',
  attemptsExhausted: 'We could not confirm that you are the card holder. To protect your information, please visit a service window, where staff will check in person.',
  livenessFailed: 'We could not confirm that the card holder is in front of the camera. Please visit a service window, where staff will check in person.',
  noReference: 'There is no photo on record for your ID card, so this kiosk cannot check it. Please visit a service window, where staff will check in person.',
  platformUnavailable: 'The network is down, so we cannot check that you are the card holder. This step cannot be skipped: please visit a service window.',
} as const;

const zhPayable = {
  payableNotFound: '没有找到这笔待缴费用。请核对缴款通知书编号或办件号后重试。',
  platformUnavailable: '网络中断，暂时无法查询缴款通知书。本次办理的费用可用现金缴纳，或稍后再试。',
  alreadyPaid: '这笔费用已经缴纳，无需重复缴费。',
  nothingToPay: '这笔费用无需缴纳。',
  paymentInProgress: '这笔费用正在缴纳中，请稍候再试。',
} as const;
const enPayable = {
  payableNotFound: 'This fee was not found. Please check the payment notice or case number and try again.',
  platformUnavailable: 'The network is down, so payment notices cannot be looked up now. Fees of this visit can be paid in cash, or try again later.',
  alreadyPaid: 'This fee is already paid; there is nothing more to pay.',
  nothingToPay: 'Nothing is owed for this fee.',
  paymentInProgress: 'This fee is being paid already; please wait a moment and try again.',
} as const;

const zhCashStart = {
  noAcceptor: '本机不收现金，请选择扫码支付或到人工窗口缴费。',
  acceptorUnavailable: '收款设备暂时不可用，未收取任何款项。请选择扫码支付或稍后再试。',
  cashInRunning: '上一笔现金缴费尚未结束，请稍候再试。',
  invalidAmount: '缴费金额有误，未收取任何款项。请到人工窗口缴费。',
  journalUnavailable: '系统暂时无法记录现金收款，未收取任何款项。请选择扫码支付或到人工窗口缴费。',
} as const;
const enCashStart = {
  noAcceptor: 'This kiosk does not take cash. Please pay by QR code or at a service window.',
  acceptorUnavailable: 'The cash acceptor is unavailable; nothing was taken. Please pay by QR code or try again later.',
  cashInRunning: 'The previous cash payment has not finished yet; please wait a moment and try again.',
  invalidAmount: 'The amount to pay is not valid; nothing was taken. Please pay at a service window.',
  journalUnavailable: 'The kiosk cannot record cash right now; nothing was taken. Please pay by QR code or at a service window.',
} as const;

const zhQr = {
  qrUnavailable: '扫码支付暂时不可用，未扣款。可用现金缴纳本次办理的费用，或稍后再试。',
  amountRefused: '缴费金额已变更，未扣款。请重新查询后再支付。',
  orderRefused: '支付平台未受理本次订单，未扣款。请稍后再试或到人工窗口缴费。',
  orderEnded: '上一笔订单已结束，未扣款。请重新发起支付。',
} as const;
const enQr = {
  qrUnavailable: 'QR payment is unavailable now; nothing was charged. Fees of this visit can be paid in cash, or try again later.',
  amountRefused: 'The amount has changed; nothing was charged. Please look it up again, then pay.',
  orderRefused: 'The payment platform did not accept the order; nothing was charged. Please try later or pay at a service window.',
  orderEnded: 'The earlier order has ended; nothing was charged. Please start the payment again.',
} as const;

const zhSimulator = { productionMode: '正式运行模式下不能使用模拟设备。', notSimulated: '该设备不是模拟设备。' } as const;
const enSimulator = { productionMode: 'Simulated devices are not available in production mode.', notSimulated: 'This device is not simulated.' } as const;

const zhNoSession = { noSession: '本次办理已结束，请返回首页重新开始。' } as const;
const enNoSession = { noSession: 'This visit has ended. Please go back to the home screen and start again.' } as const;

export const zhTable: ErrorSentences = {
  completion: {
    canceled: '操作已取消。',
    deviceNotReady: '所需设备或网络暂时不可用，请稍后再试或到人工窗口办理。',
    hardwareError: '设备出现故障，工作人员会尽快处理。请到人工窗口办理。',
    invalidData: '信息有误，请核对后重试。',
    invalidCommand: '本机暂不支持此操作，请到人工窗口办理。',
    timeOut: '等待超时，请重试。',
    userError: '无法完成此操作，请核对后重试或到人工窗口办理。',
    sequenceError: '请按屏幕提示的顺序操作，或返回首页重新开始。',
    unsupportedCommand: '本机暂不提供此项服务，请到人工窗口办理。',
    unauthorized: '无权进行此操作，请返回首页重新开始。',
    internalError: '系统出现问题，请稍后再试或到人工窗口办理。',
  },
  methods: {
    'Session.Start': {
      outOfHours: '现在不在本机的服务时间内，请在开放时间再来，或前往24小时自助服务厅办理。',
      maintenance: '本机正在维护，暂停服务。请稍后再来或到人工窗口办理。',
      diagnosticsMode: '工作人员正在维护本机，请稍候再试。',
    },
    'Session.Touch': zhNoSession,
    'Devices.Status': { unknownDevice: '本机没有该设备。' },
    'IdCard.WaitForCard': {
      ...zhNoSession,
      readerNotConfigured: '本机没有身份证阅读器，请到人工窗口办理。',
      readerUnavailable: '身份证阅读器暂时不可用，工作人员会尽快处理。请稍后再试或到人工窗口办理。',
      noCard: '没有检测到身份证。请将身份证平放在感应区，然后点“重新读取”。',
      cardUnreadable: '身份证没有读取成功。请取下身份证，重新平放在读卡区。',
      readerFault: '身份证阅读器出现故障，工作人员会尽快处理。请到人工窗口办理。',
      canceled: '已停止读卡。',
    },
    'Scanner.Scans': { ...zhNoSession, scannerNotConfigured: '本机没有扫码器，请用屏幕键盘输入。', ended: '已停止扫码。' },
    'Simulator.InsertCard': { ...zhSimulator, unknownFixture: '没有这张演示身份证。' },
    'Simulator.RemoveCard': zhSimulator,
    'Simulator.Scan': zhSimulator,
    'Simulator.IdCardFixtures': { productionMode: zhSimulator.productionMode },
    'Simulator.InsertNote': zhSimulator,
    'Queue.RetryDead': { storageError: '存储空间不足或存储故障，无法重新排队。请检查磁盘后再试。' },
    'Catalog.Item': { notOffered: '本机暂不提供此事项，请到人工窗口办理。' },
    'Catalog.Bundle': { notOffered: '本机暂不提供此“一件事”，请到人工窗口办理。' },
    'Cash.Start': zhCashStart,
    'Printing.TestPage': { noReceiptPrinter: '本机没有配置凭条打印机。' },
    'Application.Submit': {
      ...zhHolder,
      notOffered: '本机暂不受理此事项，请到人工窗口办理。',
      answersInvalid: '表单还有未填或填写有误的内容，请返回检查后再提交。',
      materialsMissing: '还有必须提交的材料没有提供，请返回补充后再提交。',
      malformedInput: '提交的信息不完整，请返回重新确认后再提交。',
      notRecorded: '申请未能保存，没有提交。请稍后重试或到人工窗口办理。',
      keyReused: '本次提交已失效，请返回首页重新办理。',
      ...zhFaceCheckRequired,
    },
    'Application.WaitAcknowledged': { ...zhNoSession, unknownCase: '本次办理中没有这个办件。' },
    'Application.SessionCases': zhNoSession,
    'Fee.Lookup': { payableNotFound: zhPayable.payableNotFound, platformUnavailable: zhPayable.platformUnavailable },
    'Qr.PayByDisplayedCode': { ...zhPayable, ...zhQr },
    'Qr.PayByPaymentCode': { ...zhPayable, ...zhQr, scannerUnavailable: '扫码器暂时不可用，无法读取付款码，未扣款。请选择手机扫码支付或现金。' },
    'Fee.PayCash': { ...zhPayable, ...zhCashStart },
    'Help.Request': {
      notRecorded: '本机暂时无法呼叫工作人员。请到服务窗口，或拨打 12345 寻求帮助。',
      noStaffChannel: '本机无法呼叫工作人员。请到服务窗口，或拨打 12345 寻求帮助。',
    },
    'Help.ReportStruggle': {
      notRecorded: '本机暂时无法记录，不影响您继续办理。',
    },
    'Case.Query': {
      caseNotFound: '没有查到这个办件。请核对办件号后重试。',
      platformUnavailable: '网络中断，暂时无法查询办件进度。请稍后再试。',
    },
    'Proof.Issue': {
      ...zhHolder,
      notIssued: '主管部门暂时无法为您出具此证明。请到人工窗口咨询。',
      platformUnavailable: '网络中断，暂时无法出具证明。请稍后再试或到人工窗口办理。',
    },
    'Proof.Print': {
      ...zhHolder,
      notIssued: '主管部门暂时无法为您出具此证明。请到人工窗口咨询。',
      platformUnavailable: '网络中断，暂时无法出具证明。请稍后再试或到人工窗口办理。',
    },
    'Certificate.Ready': { ...zhHolder, ...zhFaceCheckRequired, platformUnavailable: '网络中断，暂时无法查询可领取的证照。请稍后再试或到人工窗口办理。' },
    'Certificate.Print': {
      ...zhHolder,
      ...zhFaceCheckRequired,
      platformUnavailable: '网络中断，暂时无法领取证照。请稍后再试或到人工窗口办理。',
      notReady: '这本证照暂时不能在本机领取。请到人工窗口咨询。',
      quotaUsed: '这本证照已经领取过了。如需补领，请到人工窗口办理。',
    },
    'FaceCheck.Verify': zhFaceCheck,
    'Diagnostics.Enter': {
      noPinConfigured: '本机没有设置维护密码。',
      wrongPin: '密码错误，还可尝试 {{attemptsLeft}} 次。',
      lockedOut: '密码错误次数过多，请 {{minutesLeft}} 分钟后再试。',
      citizenSession: '有市民正在办理业务，请在办理结束后再进入维护模式。',
      anotherTechnician: '另一位维护人员正在使用维护模式。',
    },
    'Technician.ReadIdCard': {
      deviceNotConfigured: '本机没有配置该设备。',
      leaseRefused: '设备正被市民或另一位维护人员使用，请稍后再试。',
      readFailed: '读卡失败，请检查身份证放置位置后重试。',
    },
    'Technician.SelfTest': {
      deviceNotConfigured: '本机没有配置该设备。',
      leaseRefused: '设备正被市民或另一位维护人员使用，请稍后再试。',
    },
    'Technician.LeaseDevice': {
      deviceNotConfigured: '本机没有配置该设备。',
      leaseRefused: '设备正被市民办理业务或另一位维护人员使用，请稍后再试。',
    },
    'Technician.RenewLease': { leaseNotFound: '设备占用已结束（已释放或超时），请重新占用。' },
    'Technician.Calibration': { deviceNotConfigured: '本机没有配置证照打印机。' },
    'Technician.CalibrationPrint': {
      deviceNotConfigured: '本机没有配置证照打印机。',
      leaseRefused: '证照打印机正被市民或另一位维护人员使用，请稍后再试。',
    },
    'Technician.CalibrationSave': {
      deviceNotConfigured: '本机没有配置证照打印机。',
      offsetOutOfRange: '修正后的偏移超过 ±20 毫米，请检查纸张和导纸板后重新打印校准页。',
      storageError: '校准值无法保存，请联系运维人员。',
    },
    'Technician.RetryDeadLetter': { storageError: '数据库无法写入，请联系运维人员。' },
    'Technician.SaveBundle': { storageError: '诊断包无法写入数据目录，请检查磁盘空间。' },
    'Cash.CollectionPreview': { noAcceptor: '本机没有配置纸币器。' },
    'Cash.Collect': {
      noAcceptor: '本机没有配置纸币器。',
      leaseRefused: '有市民正在使用本机，请在办理结束后清机。',
      cashInRunning: '正在收款，请在收款结束后清机。',
      journalUnavailable: '现金日志无法写入，清机未完成，请联系运维人员。',
    },
  },
};

export const enTable: ErrorSentences = {
  completion: {
    canceled: 'Canceled.',
    deviceNotReady: 'A device or the network needed for this is unavailable. Please try later or visit a service window.',
    hardwareError: 'A device has a fault; staff will fix it soon. Please visit a service window.',
    invalidData: 'Something is not right with the information; please check it and try again.',
    invalidCommand: 'This kiosk cannot do that. Please visit a service window.',
    timeOut: 'This took too long; please try again.',
    userError: 'This cannot be done as it is. Please check and try again, or visit a service window.',
    sequenceError: 'Please follow the steps on screen, or go back to the home screen and start again.',
    unsupportedCommand: 'This kiosk does not offer this service. Please visit a service window.',
    unauthorized: 'This is not allowed. Please go back to the home screen and start again.',
    internalError: 'Something went wrong. Please try later or visit a service window.',
  },
  methods: {
    'Session.Start': {
      outOfHours: 'The kiosk is closed now. Please come back during opening hours, or go to a 24-hour self-service hall.',
      maintenance: 'The kiosk is under maintenance and not in service. Please come back later or visit a service window.',
      diagnosticsMode: 'Staff are servicing this kiosk. Please wait a moment and try again.',
    },
    'Session.Touch': enNoSession,
    'Devices.Status': { unknownDevice: 'This kiosk has no such device.' },
    'IdCard.WaitForCard': {
      ...enNoSession,
      readerNotConfigured: 'This kiosk has no ID card reader. Please visit a service window.',
      readerUnavailable: 'The ID card reader is unavailable; staff will fix it soon. Please try later or visit a service window.',
      noCard: 'No ID card was found. Place your card flat on the reader, then tap "Read again".',
      cardUnreadable: 'Your card could not be read. Please take it off and place it flat on the reader again.',
      readerFault: 'The ID card reader has a fault; staff will fix it soon. Please visit a service window.',
      canceled: 'Card reading stopped.',
    },
    'Scanner.Scans': { ...enNoSession, scannerNotConfigured: 'This kiosk has no scanner; please type on the screen keyboard.', ended: 'Scanning stopped.' },
    'Simulator.InsertCard': { ...enSimulator, unknownFixture: 'There is no such demo ID card.' },
    'Simulator.RemoveCard': enSimulator,
    'Simulator.Scan': enSimulator,
    'Simulator.IdCardFixtures': { productionMode: enSimulator.productionMode },
    'Simulator.InsertNote': enSimulator,
    'Queue.RetryDead': { storageError: 'Storage is full or failing, so dead letters cannot be queued again. Check the disk and retry.' },
    'Catalog.Item': { notOffered: 'This kiosk does not offer this service. Please visit a service window.' },
    'Catalog.Bundle': { notOffered: 'This kiosk does not offer this one-stop service. Please visit a service window.' },
    'Cash.Start': enCashStart,
    'Printing.TestPage': { noReceiptPrinter: 'This kiosk has no receipt printer configured.' },
    'Application.Submit': {
      ...enHolder,
      notOffered: 'This kiosk does not accept this application. Please visit a service window.',
      answersInvalid: 'Some answers are missing or not valid. Please go back, check them and submit again.',
      materialsMissing: 'Some required documents are missing. Please go back, add them and submit again.',
      malformedInput: 'The application is incomplete. Please go back, confirm it and submit again.',
      notRecorded: 'The application could not be saved and was not submitted. Please try again later or visit a service window.',
      keyReused: 'This submission is no longer valid. Please go back to the home screen and start again.',
      ...enFaceCheckRequired,
    },
    'Application.WaitAcknowledged': { ...enNoSession, unknownCase: 'This case was not submitted in this visit.' },
    'Application.SessionCases': enNoSession,
    'Fee.Lookup': { payableNotFound: enPayable.payableNotFound, platformUnavailable: enPayable.platformUnavailable },
    'Qr.PayByDisplayedCode': { ...enPayable, ...enQr },
    'Qr.PayByPaymentCode': { ...enPayable, ...enQr, scannerUnavailable: 'The scanner is unavailable, so your payment code cannot be read; nothing was charged. Please pay by scanning the QR code or in cash.' },
    'Fee.PayCash': { ...enPayable, ...enCashStart },
    'Help.Request': {
      notRecorded: 'This kiosk cannot call staff right now. Please go to a service window, or call 12345 for help.',
      noStaffChannel: 'Staff cannot be called from this kiosk. Please go to a service window, or call 12345 for help.',
    },
    'Help.ReportStruggle': {
      notRecorded: 'This kiosk could not record this; you can carry on.',
    },
    'Case.Query': {
      caseNotFound: 'No case with this number was found. Please check the number and try again.',
      platformUnavailable: 'The network is down, so case progress cannot be looked up now. Please try again later.',
    },
    'Proof.Issue': {
      ...enHolder,
      notIssued: 'The department cannot issue this proof for you now. Please ask at a service window.',
      platformUnavailable: 'The network is down, so the proof cannot be issued now. Please try later or visit a service window.',
    },
    'Proof.Print': {
      ...enHolder,
      notIssued: 'The department cannot issue this proof for you now. Please ask at a service window.',
      platformUnavailable: 'The network is down, so the proof cannot be issued now. Please try later or visit a service window.',
    },
    'Certificate.Ready': { ...enHolder, ...enFaceCheckRequired, platformUnavailable: 'The network is down, so your certificates cannot be looked up now. Please try later or visit a service window.' },
    'Certificate.Print': {
      ...enHolder,
      ...enFaceCheckRequired,
      platformUnavailable: 'The network is down, so the certificate cannot be collected now. Please try later or visit a service window.',
      notReady: 'This certificate cannot be collected at this kiosk now. Please ask at a service window.',
      quotaUsed: 'This certificate has been collected already. For a replacement, please visit a service window.',
    },
    'FaceCheck.Verify': enFaceCheck,
    'Diagnostics.Enter': {
      noPinConfigured: 'No maintenance PIN is set on this kiosk.',
      wrongPin: 'Wrong PIN; {{attemptsLeft}} attempts left.',
      lockedOut: 'Too many wrong PINs; try again in {{minutesLeft}} minutes.',
      citizenSession: 'A citizen is using the kiosk; enter maintenance mode when they have finished.',
      anotherTechnician: 'Another technician is in maintenance mode.',
    },
    'Technician.ReadIdCard': {
      deviceNotConfigured: 'This device is not configured on this kiosk.',
      leaseRefused: 'The device is in use by a citizen or another technician; try again later.',
      readFailed: 'The card could not be read; check how it lies on the reader and try again.',
    },
    'Technician.SelfTest': {
      deviceNotConfigured: 'This device is not configured on this kiosk.',
      leaseRefused: 'The device is in use by a citizen or another technician; try again later.',
    },
    'Technician.LeaseDevice': {
      deviceNotConfigured: 'This device is not configured on this kiosk.',
      leaseRefused: 'A citizen transaction or another technician is using the device; try again later.',
    },
    'Technician.RenewLease': { leaseNotFound: 'The lease has ended (released or timed out); take the device again.' },
    'Technician.Calibration': { deviceNotConfigured: 'This kiosk has no certificate printer configured.' },
    'Technician.CalibrationPrint': {
      deviceNotConfigured: 'This kiosk has no certificate printer configured.',
      leaseRefused: 'The certificate printer is in use by a citizen or another technician; try again later.',
    },
    'Technician.CalibrationSave': {
      deviceNotConfigured: 'This kiosk has no certificate printer configured.',
      offsetOutOfRange: 'The corrected offset would exceed ±20 mm; check the stock and the paper guides, then print the calibration page again.',
      storageError: 'The calibration could not be saved; call support.',
    },
    'Technician.RetryDeadLetter': { storageError: 'The database cannot be written; call support.' },
    'Technician.SaveBundle': { storageError: 'The bundle could not be written to the data dir; check the free disk space.' },
    'Cash.CollectionPreview': { noAcceptor: 'This kiosk has no bill acceptor configured.' },
    'Cash.Collect': {
      noAcceptor: 'This kiosk has no bill acceptor configured.',
      leaseRefused: 'A citizen is using the kiosk; collect the cash box when they have finished.',
      cashInRunning: 'A cash payment is in progress; collect the cash box when it has ended.',
      journalUnavailable: 'The cash journal cannot be written; the collection was not recorded. Call support.',
    },
  },
};

/**
 * i18next splits keys at dots, and method names contain one (`Proof.Print`): the namespace holds
 * the methods nested by their two parts, so `methods.Proof.Print.notIssued` finds its sentence.
 */
function asResources(table: ErrorSentences) {
  const methods: Record<string, Record<string, Readonly<Record<string, string>>>> = {};
  for (const [method, sentences] of Object.entries(table.methods)) {
    const [domain, action] = method.split('.') as [string, string];
    (methods[domain] ??= {})[action] = sentences;
  }
  return { completion: table.completion, methods };
}

export const zh = asResources(zhTable);
export const en: typeof zh = asResources(enTable);
