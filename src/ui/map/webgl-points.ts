// WebGL2 point layer: every point is one GL point sprite, shaded round and anti-aliased in the
// fragment shader from gl_PointCoord.
//
// Four buffers hold per-point data (positions, RGBA colours, sizes, flag bytes) and change only
// when the data does; zoom and pan change one uniform. Draw order (suspicious points last, so on
// top) is an index buffer drawn with drawElements. Colours are premultiplied and blended with
// (ONE, ONE_MINUS_SRC_ALPHA) onto an opaque background.
import { BACKGROUND_RGB, DIM_MIX, type PointRenderer, type PointView } from './points-renderer';

const VERTEX_SHADER = `#version 300 es
in vec2 a_position;
in vec4 a_colour;
in float a_size;
in float a_flags;
uniform vec4 u_view;        // ax, bx, ay, by: data -> device px, origin top-left
uniform vec2 u_resolution;  // device px
uniform float u_sizeScale;
uniform float u_dimUnselected;
uniform vec3 u_background;
out vec4 v_colour;
out float v_radius;
out float v_outline;
void main() {
  vec2 px = vec2(u_view.x * a_position.x + u_view.y, u_view.z * a_position.y + u_view.w);
  gl_Position = vec4(px.x / u_resolution.x * 2.0 - 1.0, 1.0 - px.y / u_resolution.y * 2.0, 0.0, 1.0);
  // Flag bits: 1 = selected, 2 = emphasised (see points-renderer.ts).
  bool selected = mod(a_flags, 2.0) >= 1.0;
  bool emphasised = mod(floor(a_flags / 2.0), 2.0) >= 1.0;
  bool faded = u_dimUnselected > 0.5 && !selected;
  vec3 rgb = faded ? mix(a_colour.rgb, u_background, ${DIM_MIX.toFixed(3)}) : a_colour.rgb;
  float diameter = max(a_size * u_sizeScale, 1.0);
  // One extra pixel leaves room for the anti-aliased rim.
  gl_PointSize = diameter + 1.0;
  v_radius = diameter * 0.5;
  v_outline = emphasised && !faded && diameter >= 5.0 ? 1.0 : 0.0;
  v_colour = vec4(rgb, a_colour.a);
}`;

const FRAGMENT_SHADER = `#version 300 es
precision mediump float;
in vec4 v_colour;
in float v_radius;
in float v_outline;
out vec4 outColour;
void main() {
  // Distance from the sprite centre in device px.
  float r = length(gl_PointCoord - 0.5) * (2.0 * v_radius + 1.0);
  float coverage = clamp(v_radius + 0.5 - r, 0.0, 1.0);
  if (coverage <= 0.0) discard;
  vec3 rgb = v_colour.rgb;
  // Emphasised points get a darker 1-px rim, so they read as separate discs on top of a crowd.
  rgb = mix(rgb, rgb * 0.55, v_outline * clamp(r - (v_radius - 1.5), 0.0, 1.0));
  float a = coverage * v_colour.a;
  outColour = vec4(rgb * a, a);
}`;

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (!shader) throw new Error('WebGL: could not create a shader');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
    const log = gl.getShaderInfoLog(shader);
    gl.deleteShader(shader);
    throw new Error(`WebGL shader: ${log}`);
  }
  return shader;
}

function link(gl: WebGL2RenderingContext): WebGLProgram {
  const program = gl.createProgram();
  const vs = compile(gl, gl.VERTEX_SHADER, VERTEX_SHADER);
  const fs = compile(gl, gl.FRAGMENT_SHADER, FRAGMENT_SHADER);
  gl.attachShader(program, vs);
  gl.attachShader(program, fs);
  gl.linkProgram(program);
  gl.deleteShader(vs);
  gl.deleteShader(fs);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
    throw new Error(`WebGL program: ${gl.getProgramInfoLog(program)}`);
  }
  return program;
}

/** One per-point attribute buffer and how many points it currently holds. */
interface AttributeBuffer {
  buffer: WebGLBuffer;
  /** Points held (not bytes). */
  count: number;
}

export class WebGLPoints implements PointRenderer {
  readonly kind = 'webgl' as const;
  readonly description: string;
  private readonly gl: WebGL2RenderingContext;
  private readonly program: WebGLProgram;
  private readonly vao: WebGLVertexArrayObject;
  private readonly positions: AttributeBuffer;
  private readonly colours: AttributeBuffer;
  private readonly sizes: AttributeBuffer;
  private readonly flags: AttributeBuffer;
  private readonly order: AttributeBuffer;
  private readonly uniforms: Record<
    'view' | 'resolution' | 'sizeScale' | 'dimUnselected' | 'background',
    WebGLUniformLocation | null
  >;
  private n = 0;
  private width = 1;
  private height = 1;
  private readonly pixel = new Uint8Array(4);

  /** A renderer on `canvas`, or null where WebGL2 is unavailable. */
  static create(canvas: HTMLCanvasElement | OffscreenCanvas): WebGLPoints | null {
    const gl = canvas.getContext('webgl2', {
      alpha: false,
      antialias: false,
      depth: false,
      stencil: false,
      premultipliedAlpha: true,
      preserveDrawingBuffer: false,
      powerPreference: 'high-performance',
    });
    if (!gl) return null;
    try {
      return new WebGLPoints(gl);
    } catch (e) {
      console.warn('[map] WebGL point layer failed to initialise; using the canvas fallback', e);
      return null;
    }
  }

  private constructor(gl: WebGL2RenderingContext) {
    this.gl = gl;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    this.description = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    this.program = link(gl);
    const vao = gl.createVertexArray();
    if (!vao) throw new Error('WebGL: no vertex array object');
    this.vao = vao;
    gl.bindVertexArray(vao);
    const attribute = (name: string, size: number, type: number, normalized: boolean): AttributeBuffer => {
      const buffer = gl.createBuffer();
      const loc = gl.getAttribLocation(this.program, name);
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      gl.enableVertexAttribArray(loc);
      gl.vertexAttribPointer(loc, size, type, normalized, 0, 0);
      return { buffer, count: 0 };
    };
    this.positions = attribute('a_position', 2, gl.FLOAT, false);
    this.colours = attribute('a_colour', 4, gl.UNSIGNED_BYTE, true);
    this.sizes = attribute('a_size', 1, gl.FLOAT, false);
    this.flags = attribute('a_flags', 1, gl.UNSIGNED_BYTE, false);
    this.order = { buffer: gl.createBuffer(), count: 0 };
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.order.buffer);
    gl.bindVertexArray(null);
    const u = (name: string) => gl.getUniformLocation(this.program, name);
    this.uniforms = {
      view: u('u_view'),
      resolution: u('u_resolution'),
      sizeScale: u('u_sizeScale'),
      dimUnselected: u('u_dimUnselected'),
      background: u('u_background'),
    };
  }

  /** Uploads into `target`: in place when the point count is unchanged, reallocating otherwise. */
  private upload(target: AttributeBuffer, bufferType: number, data: ArrayBufferView, count: number): void {
    const gl = this.gl;
    if (bufferType === gl.ELEMENT_ARRAY_BUFFER) gl.bindVertexArray(this.vao);
    gl.bindBuffer(bufferType, target.buffer);
    if (target.count === count && count > 0) gl.bufferSubData(bufferType, 0, data);
    else gl.bufferData(bufferType, data, gl.DYNAMIC_DRAW);
    target.count = count;
    if (bufferType === gl.ELEMENT_ARRAY_BUFFER) gl.bindVertexArray(null);
  }

  setPositions(positions: Float32Array): void {
    this.n = positions.length >> 1;
    this.upload(this.positions, this.gl.ARRAY_BUFFER, positions.subarray(0, this.n * 2), this.n);
  }

  setColours(colours: Uint8Array): void {
    const count = colours.length >> 2;
    this.upload(this.colours, this.gl.ARRAY_BUFFER, colours.subarray(0, count * 4), count);
  }

  setSizes(sizes: Float32Array): void {
    this.upload(this.sizes, this.gl.ARRAY_BUFFER, sizes, sizes.length);
  }

  setFlags(flags: Uint8Array): void {
    this.upload(this.flags, this.gl.ARRAY_BUFFER, flags, flags.length);
  }

  setOrder(order: Uint32Array | null): void {
    if (!order) {
      this.order.count = 0;
      return;
    }
    this.upload(this.order, this.gl.ELEMENT_ARRAY_BUFFER, order, order.length);
  }

  resize(width: number, height: number): void {
    const canvas = this.gl.canvas;
    this.width = Math.max(1, Math.round(width));
    this.height = Math.max(1, Math.round(height));
    if (canvas.width !== this.width) canvas.width = this.width;
    if (canvas.height !== this.height) canvas.height = this.height;
  }

  draw(view: PointView): void {
    const gl = this.gl;
    gl.viewport(0, 0, this.width, this.height);
    gl.clearColor(BACKGROUND_RGB[0] / 255, BACKGROUND_RGB[1] / 255, BACKGROUND_RGB[2] / 255, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    // While props update one by one (a new dataset), buffers can briefly disagree on n: draw only
    // the points every buffer has.
    const count = Math.min(this.positions.count, this.colours.count, this.sizes.count, this.flags.count);
    if (count === 0) return;
    gl.useProgram(this.program);
    gl.uniform4f(this.uniforms.view, view.ax, view.bx, view.ay, view.by);
    gl.uniform2f(this.uniforms.resolution, this.width, this.height);
    gl.uniform1f(this.uniforms.sizeScale, view.sizeScale);
    gl.uniform1f(this.uniforms.dimUnselected, view.dimUnselected ? 1 : 0);
    gl.uniform3f(
      this.uniforms.background,
      BACKGROUND_RGB[0] / 255,
      BACKGROUND_RGB[1] / 255,
      BACKGROUND_RGB[2] / 255,
    );
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.bindVertexArray(this.vao);
    if (this.order.count === count && count === this.n) gl.drawElements(gl.POINTS, count, gl.UNSIGNED_INT, 0);
    else gl.drawArrays(gl.POINTS, 0, count);
    gl.bindVertexArray(null);
  }

  finish(): void {
    // readPixels waits for every queued command; one pixel keeps the copy itself negligible.
    const gl = this.gl;
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, this.pixel);
  }

  dispose(): void {
    const gl = this.gl;
    for (const b of [this.positions, this.colours, this.sizes, this.flags, this.order]) {
      gl.deleteBuffer(b.buffer);
    }
    gl.deleteVertexArray(this.vao);
    gl.deleteProgram(this.program);
  }
}
