export * from './token.service';
export * from './auth-session.service';
export * from './auth.decorators';
export * from './jwt-auth.guard';
export * from './auth.module';
export * from './driver-shift-binding.service';
