import { Component, type ComponentChildren } from 'preact';
import type { Translate } from '../i18n';
import { ErrorState } from './ErrorState';

interface Props {
  t: Translate;
  onError: (error: unknown) => void;
  children: ComponentChildren;
}

/** Keeps a failing view inside its own box: the error is shown in place and reported upward. */
export class ErrorBoundary extends Component<Props, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  override componentDidCatch(error: unknown): void {
    this.setState({ error: error ?? new Error('unknown error') });
    this.props.onError(error);
  }

  override render() {
    const { error } = this.state;
    return error ? <ErrorState t={this.props.t} error={error} /> : this.props.children;
  }
}
