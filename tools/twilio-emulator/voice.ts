import type { WebSocket } from 'ws';
import { verifyToken } from './tokens.js';

/**
 * Twilio Voice signaling (the "PStream" protocol of @twilio/voice-sdk 2.18.5) over
 * `wss://{chunderw}/signal`: JSON frames `{type, version, payload}`. Calls offer a static SDP
 * (Opus, no telephone-event, so DTMF travels as signaling `dtmf` frames the emulator can see);
 * no media ever flows, which is enough for the SDK's call state machine.
 */

const OFFER_SDP = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=msid-semantic: WMS emulator',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:emul',
  'a=ice-pwd:emulatoremulatoremulator',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 ' +
    Array.from({ length: 32 }, (_, i) => ((i * 37 + 11) & 0xff).toString(16).padStart(2, '0').toUpperCase()).join(':'),
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=msid:emulator audio0',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:0 PCMU/8000',
  'a=ssrc:1001 cname:emulator',
  'a=ssrc:1001 msid:emulator audio0',
  '',
].join('\r\n');

export interface EmulatedCall {
  readonly sid: string;
  /** The task whose conference this leg is in (the emulator's own bookkeeping; never sent to the Device). */
  readonly taskSid?: string;
  /** Whose leg into the conference it is (bookkeeping, like taskSid). */
  readonly leg?: 'agent' | 'supervisor';
  /**
   * The custom parameters of the invite: only the query parameters of the dialed `client:` URI
   * (`client:alice?x=1` → `x=1`), as Twilio forwards them. Nothing the emulator adds.
   */
  readonly params?: Readonly<Record<string, string>>;
  readonly identity: string;
  readonly direction: 'inbound' | 'outbound';
  readonly from: string;
  readonly to: string;
  status: 'ringing' | 'in-progress' | 'completed' | 'canceled';
  digits: string;
  onHold: boolean;
  muted: boolean;
  answeredAt?: number;
  endedAt?: number;
}

interface Client {
  readonly ws: WebSocket;
  identity?: string;
  registered: boolean;
}

export interface VoiceCounters {
  connections: number;
  listens: number;
  refused: number;
}

export class VoiceEmulator {
  readonly calls = new Map<string, EmulatedCall>();
  readonly counters: VoiceCounters = { connections: 0, listens: 0, refused: 0 };
  private readonly clients = new Set<Client>();
  private heartbeat: ReturnType<typeof setInterval>;
  /** Calls whose invite reached a Device. */
  private readonly invited = new Set<string>();
  private seq = 0;
  /** Called when the agent's Device ends a call (hangup) or answers it. */
  onCallEnded: (call: EmulatedCall) => void = () => {};
  /** An outbound call the Device placed: returns the task it belongs to, if any. */
  onOutbound: (call: EmulatedCall) => void = () => {};

  constructor(private readonly now: () => number) {
    this.heartbeat = setInterval(() => {
      for (const c of this.clients) if (c.ws.readyState === 1) c.ws.send('\n');
    }, 5000);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const c of this.clients) c.ws.terminate();
    this.clients.clear();
  }

  nextCallSid(): string {
    return 'CA' + (++this.seq).toString(16).padStart(32, '0');
  }

  /** Cuts every Device's socket, or only those of one identity. */
  drop(identity?: string): void {
    for (const c of [...this.clients]) {
      if (identity && c.identity !== identity) continue;
      c.ws.terminate();
      this.clients.delete(c);
    }
  }

  private send(client: Client, type: string, payload: unknown): void {
    if (client.ws.readyState === 1) client.ws.send(JSON.stringify({ type, version: '1.6', payload }));
  }

  private clientsOf(identity: string): Client[] {
    return [...this.clients].filter((c) => c.identity === identity && c.registered);
  }

  /** Whether a Device for this identity is registered (can take a call). */
  isRegistered(identity: string): boolean {
    return this.clientsOf(identity).length > 0;
  }

  accept(ws: WebSocket): void {
    this.counters.connections++;
    const client: Client = { ws, registered: false };
    this.clients.add(client);
    ws.on('close', () => this.clients.delete(client));
    ws.on('error', () => this.clients.delete(client));
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (text.trim() === '') return; // heartbeat echo
      let frame: { type?: string; payload?: Record<string, any> };
      try {
        frame = JSON.parse(text) as typeof frame;
      } catch {
        return;
      }
      if (process.env['TWILIO_EMULATOR_LOG']) console.error('[voice]', frame.type, JSON.stringify(frame.payload ?? {}).slice(0, 160));
      this.onFrame(client, frame.type ?? '', frame.payload ?? {});
    });
  }

  private onFrame(client: Client, type: string, payload: Record<string, any>): void {
    switch (type) {
      case 'listen': {
        this.counters.listens++;
        const check = verifyToken(payload['token'], this.now());
        if (!check.ok) {
          this.counters.refused++;
          const code = check.code === 20104 ? 31205 : 31204;
          this.send(client, 'error', { error: { code, message: check.reason } });
          return;
        }
        if (!check.claims.grants.voice) {
          this.counters.refused++;
          this.send(client, 'error', { error: { code: 31204, message: 'The token has no Voice grant' } });
          return;
        }
        client.identity = check.claims.grants.identity;
        this.send(client, 'connected', {
          region: 'us1',
          edge: 'roaming',
          home: 'us1',
          token: { identity: client.identity, ttl: Math.max(0, Math.floor(check.claims.exp - this.now() / 1000)) },
        });
        return;
      }
      case 'register': {
        const was = client.registered;
        client.registered = payload['media']?.audio === true;
        this.send(client, client.registered ? 'ready' : 'offline', {});
        // Newly registered (e.g. after a reconnect): calls still ringing for this identity.
        if (client.registered && !was && client.identity) {
          for (const call of this.calls.values())
            if (call.identity === client.identity && call.direction === 'inbound' && call.status === 'ringing' && !this.invited.has(call.sid)) this.invite(client, call);
        }
        return;
      }
      case 'answer': {
        const call = this.calls.get(String(payload['callsid']));
        if (call && call.status === 'ringing') {
          call.status = 'in-progress';
          call.answeredAt = this.now();
        }
        return;
      }
      case 'invite': {
        // An outbound call from the Device.
        const callsid = String(payload['callsid'] ?? this.nextCallSid());
        const params = new URLSearchParams(String(payload['twilio']?.params ?? ''));
        const call: EmulatedCall = {
          sid: callsid,
          identity: client.identity ?? '',
          direction: 'outbound',
          from: params.get('From') ?? `client:${client.identity}`,
          to: params.get('To') ?? '',
          status: 'in-progress',
          digits: '',
          onHold: false,
          muted: false,
          answeredAt: this.now(),
        };
        this.calls.set(callsid, call);
        this.onOutbound(call);
        this.send(client, 'ringing', { callsid });
        // Answer with our SDP in answer form (setup:active).
        this.send(client, 'answer', {
          callsid,
          sdp: OFFER_SDP.replace('a=setup:actpass', 'a=setup:active'),
        });
        return;
      }
      case 'dtmf': {
        const call = this.calls.get(String(payload['callsid']));
        if (call) call.digits += String(payload['dtmf'] ?? '');
        return;
      }
      case 'hangup':
      case 'reject': {
        const call = this.calls.get(String(payload['callsid']));
        if (call && call.status !== 'completed' && call.status !== 'canceled') {
          call.status = call.status === 'ringing' ? 'canceled' : 'completed';
          call.endedAt = this.now();
          this.onCallEnded(call);
        }
        return;
      }
      default:
        return;
    }
  }

  /** Rings every registered Device of `identity` with an incoming call; returns the call. */
  ring(input: {
    identity: string;
    taskSid?: string;
    leg?: 'agent' | 'supervisor';
    from: string;
    to: string;
    callSid?: string;
    params?: Record<string, string>;
  }): EmulatedCall {
    const sid = input.callSid ?? this.nextCallSid();
    const call: EmulatedCall = {
      sid,
      identity: input.identity,
      direction: 'inbound',
      from: input.from,
      to: input.to,
      status: 'ringing',
      digits: '',
      onHold: false,
      muted: false,
      ...(input.taskSid ? { taskSid: input.taskSid } : {}),
      ...(input.leg ? { leg: input.leg } : {}),
      ...(input.params ? { params: input.params } : {}),
    };
    this.calls.set(sid, call);
    // A Device between sockets (its signaling reconnecting) gets the invite when it registers again.
    for (const client of this.clientsOf(input.identity)) this.invite(client, call);
    return call;
  }

  private invite(client: Client, call: EmulatedCall): void {
    this.invited.add(call.sid);
    this.send(client, 'invite', {
      callsid: call.sid,
      sdp: OFFER_SDP,
      parameters: {
        CallSid: call.sid,
        From: call.from,
        To: `client:${call.identity}`,
        AccountSid: 'AC' + '0'.repeat(31) + '1',
        Params: new URLSearchParams(call.params ?? {}).toString(),
      },
    });
  }

  /** The far end hangs up. */
  hangup(callSid: string): void {
    const call = this.calls.get(callSid);
    if (!call || call.status === 'completed' || call.status === 'canceled') return;
    const ringing = call.status === 'ringing';
    call.status = ringing ? 'canceled' : 'completed';
    call.endedAt = this.now();
    for (const client of this.clientsOf(call.identity)) this.send(client, ringing ? 'cancel' : 'hangup', { callsid: callSid });
  }
}
